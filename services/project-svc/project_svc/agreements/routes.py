"""HTTP routes of compensation: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import problem_responses
from expro_shared.vocabulary import AgreementKind
from project_svc import steps
from project_svc.agreements import handlers
from project_svc.agreements.commands import MakeCompensationDecision, SignAgreement, SignLandAgreement
from project_svc.agreements.schemas import (
    AgreementCreate,
    AgreementPublic,
    CompensationDecisionCreate,
    CompensationDecisionPublic,
    LandAgreementCreate,
    LandAgreementPublic,
)
from project_svc.deps import LifecycleWrite, ProjectsRead, Rt
from project_svc.errors import (
    AgreementExists,
    CompensationInvalid,
    LandTypeMismatchProblem,
    StepAlreadyRecorded,
    StepMissingProblem,
)

router = APIRouter(prefix="/v1", tags=["compensation"])


@router.post(
    "/projects/{project_id}/agreements",
    operation_id="signAgreement",
    summary="签订补偿协议 / sign a compensation agreement",
    status_code=201,
    response_model=AgreementPublic,
    responses=problem_responses(
        401, 403, 404, StepMissingProblem, AgreementExists, CompensationInvalid, IdempotencyKeyReused
    ),
)
async def sign_agreement(
    project_id: str,
    body: AgreementCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """与被征收户签订补偿协议（条例第二十五条）；发出 `agreement_signed`
    （资金服务据此生成应付款，产权调换的协议由安置房服务据此确定安置资格）。

    Signs the household's agreement; `total` is the sum of the items. 409 `step-missing`:
    on state-owned land no expropriation decision (`expropriation_decision`), on collective
    land no approved plan (`plan_approval`), decided or approved on or before `signed_on`.
    409 `agreement-exists`: the household has an agreement already (one per household, also
    under concurrent requests). 422 `compensation-invalid`: a property exchange without
    `entitled_area_m2` and `promised_delivery_on` (or money with them), a deadline before
    `signed_on`, or a total of 0."""
    cmd = SignAgreement(
        project_id=project_id,
        household_id=body.household_id,
        kind=body.kind,
        area_m2=body.area_m2,
        items=[(i.item, i.amount.fen) for i in body.items],
        signed_on=body.signed_on,
        payment_due_on=body.payment_due_on,
        move_out_deadline=body.move_out_deadline,
        entitled_area_m2=body.entitled_area_m2,
        promised_delivery_on=body.promised_delivery_on,
    )
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.sign_agreement(uow, cmd), AgreementPublic.of
    )


@router.get(
    "/projects/{project_id}/agreements",
    operation_id="listAgreements",
    summary="项目的补偿协议 / list a project's agreements",
    response_model=Page[AgreementPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_agreements(
    project_id: str,
    rt: Rt,
    principal: ProjectsRead,
    limit: Limit = 50,
    cursor: Cursor = None,
    household_id: steps.HouseholdFilter = None,
    kind: Annotated[AgreementKind | None, Query(description="补偿方式 / kind")] = None,
) -> Any:
    """分页列出项目的补偿协议。Agreements of a project, oldest first."""
    return await steps.list_of_project(
        rt,
        principal,
        project_id,
        lambda uow: uow.agreements,
        AgreementPublic.of,
        cursor,
        limit,
        household_id=household_id,
        kind=kind.value if kind else None,
    )


@router.get(
    "/agreements/{agreement_id}",
    operation_id="getAgreement",
    summary="补偿协议详情 / get an agreement",
    response_model=AgreementPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_agreement(agreement_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """补偿协议及其明细与总额。The agreement, its items and total."""
    return await steps.get_one(rt, principal, lambda uow: uow.agreements, agreement_id, "agreement", AgreementPublic.of)


@router.post(
    "/projects/{project_id}/compensation-decisions",
    operation_id="makeCompensationDecision",
    summary="作出补偿决定 / make a compensation decision",
    status_code=201,
    response_model=CompensationDecisionPublic,
    responses=problem_responses(
        401, 403, 404, AgreementExists, StepAlreadyRecorded, CompensationInvalid, IdempotencyKeyReused
    ),
)
async def make_compensation_decision(
    project_id: str,
    body: CompensationDecisionCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """对签约期限内未达成补偿协议的被征收户作出补偿决定（条例第二十六条）；发出 `compensation_decision_made`。

    For a household without an agreement. 409 `agreement-exists` when it signed one on or
    before `decided_on`; 409 `step-already-recorded` when it has a decision already."""
    cmd = MakeCompensationDecision(
        project_id=project_id,
        household_id=body.household_id,
        area_m2=body.area_m2,
        items=[(i.item, i.amount.fen) for i in body.items],
        decided_on=body.decided_on,
        move_out_deadline=body.move_out_deadline,
    )
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.make_compensation_decision(uow, cmd),
        CompensationDecisionPublic.of,
    )


steps.read_routes(
    router,
    CompensationDecisionPublic,
    lambda uow: uow.compensation_decisions,
    "compensation decision",
    list_path="/projects/{project_id}/compensation-decisions",
    list_operation="listCompensationDecisions",
    list_summary="项目的补偿决定 / list a project's compensation decisions",
    list_description="分页列出项目的补偿决定。Compensation decisions of a project, oldest first.",
    get_path="/compensation-decisions/{decision_id}",
    get_operation="getCompensationDecision",
    get_summary="补偿决定详情 / get a compensation decision",
    get_description="补偿决定及其明细、总额与搬迁期限。The decision, its items, total and move-out deadline.",
    household_filter=True,
)


@router.post(
    "/projects/{project_id}/land-agreements",
    operation_id="signLandAgreement",
    summary="签订土地征收补偿协议 / sign a land agreement",
    status_code=201,
    response_model=LandAgreementPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, LandTypeMismatchProblem, IdempotencyKeyReused),
)
async def sign_land_agreement(
    project_id: str,
    body: LandAgreementCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """与农村集体经济组织签订土地征收补偿协议（集体土地）；发出 `land_agreement_signed`。

    Collective land only (409 `land-type-mismatch` on a state-owned project), after the
    compensation plan's approval on or before `signed_on` (409 `step-missing`, `plan_approval`)."""
    cmd = SignLandAgreement(project_id, body.collective_organization, body.area_mu, body.amount.fen, body.signed_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.sign_land_agreement(uow, cmd),
        LandAgreementPublic.of,
    )


steps.read_routes(
    router,
    LandAgreementPublic,
    lambda uow: uow.land_agreements,
    "land agreement",
    list_path="/projects/{project_id}/land-agreements",
    list_operation="listLandAgreements",
    list_summary="项目的土地征收补偿协议 / list a project's land agreements",
    list_description="分页列出项目的土地征收补偿协议。Land agreements of a project, oldest first.",
    get_path="/land-agreements/{land_agreement_id}",
    get_operation="getLandAgreement",
    get_summary="土地征收补偿协议详情 / get a land agreement",
    get_description="土地征收补偿协议。The land agreement.",
)
