"""HTTP routes of eligibilities: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from housing_svc.deps import EligibilityReview, HousingRead, Rt
from housing_svc.eligibilities import handlers
from housing_svc.eligibilities.commands import ReviewEligibility
from housing_svc.eligibilities.domain import EligibilityStatus
from housing_svc.eligibilities.repository import PAGES
from housing_svc.eligibilities.schemas import EligibilityPublic
from housing_svc.eligibilities.schemas import EligibilityReview as ReviewBody
from housing_svc.errors import EligibilityNotPending

router = APIRouter(prefix="/v1", tags=["eligibilities"])


@router.get(
    "/eligibilities",
    operation_id="listEligibilities",
    summary="安置资格列表 / list eligibilities",
    response_model=Page[EligibilityPublic],
    responses=problem_responses(401, 403),
)
async def list_eligibilities(
    rt: Rt,
    principal: HousingRead,
    project_id: Annotated[str | None, Query(max_length=36, pattern=r"^[^\x00]*$", description="项目 / project")] = None,
    status: Annotated[EligibilityStatus | None, Query(description="状态 / status")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """产权调换协议签订后产生的安置资格，按产生顺序；业主单位、属地只看到本单位、本辖区项目的。

    Eligibilities, created from property-exchange `agreement_signed`, oldest first. Owner
    units see their own projects', districts their district's."""
    filters = {"project_id": project_id, "status": status.value if status else None}
    async with rt.uow(principal.sub) as uow:
        rows = await uow.eligibilities.page(principal, filters, cursor, limit)
    return PAGES.page(rows, limit, EligibilityPublic.of)


@router.get(
    "/eligibilities/{eligibility_id}",
    operation_id="getEligibility",
    summary="安置资格详情 / get an eligibility",
    response_model=EligibilityPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_eligibility(eligibility_id: str, rt: Rt, principal: HousingRead) -> Any:
    """安置资格及其审核情况。An eligibility and its review."""
    async with rt.uow(principal.sub) as uow:
        eligibility = await uow.eligibilities.get(eligibility_id, principal=principal)
    if eligibility is None:
        raise not_found("eligibility")
    return EligibilityPublic.of(eligibility)


@router.post(
    "/eligibilities/{eligibility_id}/review",
    operation_id="reviewEligibility",
    summary="属地审核村民安置资格 / the district reviews a villager's eligibility",
    response_model=EligibilityPublic,
    responses=problem_responses(401, 403, 404, EligibilityNotPending),
)
async def review_eligibility(eligibility_id: str, body: ReviewBody, rt: Rt, principal: EligibilityReview) -> Any:
    """集体土地村民的安置资格由项目所在属地审核（通过或不通过，须说明理由）。

    A collective villager's `pending_review` eligibility is approved (→ `eligible`, emits
    `eligibility_granted`) or rejected (→ `rejected`) by the district of its project, with a
    reason; emits `eligibility_reviewed`. Another district's eligibility is not found (404);
    one not pending review is 409 `eligibility-not-pending`."""
    cmd = ReviewEligibility(
        eligibility_id=eligibility_id,
        approve=body.approve,
        reason=body.reason,
        reviewed_on=body.reviewed_on,
        principal=principal,
    )
    async with rt.uow(principal.sub) as uow:
        eligibility = await handlers.review_eligibility(uow, cmd)
        await uow.commit()
    return EligibilityPublic.of(eligibility)
