"""HTTP routes of disbursements (拨付): thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKey, IdempotencyKeyReused, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses, validation_error
from expro_shared.requests import center_today
from expro_shared.vocabulary import BudgetCategory
from fund_svc.deps import (
    DisbursementsApprove,
    DisbursementsPay,
    DisbursementsReject,
    DisbursementsRequest,
    DisbursementsReview,
    FeeRun,
    FundsRead,
    Rt,
    fund_settings,
)
from fund_svc.disbursements import handlers
from fund_svc.disbursements.commands import (
    ApproveDisbursement,
    PayDisbursement,
    RejectDisbursement,
    RequestDisbursement,
    ReviewDisbursement,
    RunTransitionFees,
    TransitionFeeTerms,
)
from fund_svc.disbursements.domain import DisbursementStatus, FeeKind, month_bounds
from fund_svc.disbursements.repository import PAGES
from fund_svc.disbursements.schemas import (
    DisbursementApproval,
    DisbursementCreate,
    DisbursementPayment,
    DisbursementPublic,
    DisbursementRejection,
    DisbursementReview,
    FeeRunIn,
    FeeRunOut,
)
from fund_svc.errors import (
    AccountClosed,
    CategoryBudgetExceeded,
    DisbursementClosed,
    DisbursementNotApproved,
    DisbursementNotRequested,
    DisbursementNotReviewed,
    FeePolicyMissing,
    InsufficientFunds,
    PayableExceeded,
    PayableMissing,
    SameApprover,
    account_not_found,
)

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork

router = APIRouter(prefix="/v1", tags=["disbursements"])


@router.post(
    "/projects/{project_id}/disbursements",
    operation_id="requestDisbursement",
    summary="拨付申请 / request a disbursement",
    status_code=201,
    response_model=DisbursementPublic,
    responses=problem_responses(
        401,
        403,
        404,
        AccountClosed,
        CategoryBudgetExceeded,
        InsufficientFunds,
        PayableMissing,
        PayableExceeded,
        IdempotencyKeyReused,
    ),
)
async def request_disbursement(
    project_id: str,
    body: DisbursementCreate,
    request: Request,
    rt: Rt,
    principal: DisbursementsRequest,
    idempotency_key: IdempotencyKey,
) -> Any:
    """财务或中心经办人申请拨付：在专款类别剩余预算与专户未预留资金内预留（专款专用）。

    Holds the amount in the category's remaining budget (budget − held − paid) and in the
    account's deposits not yet paid or held: beyond either → 409. A compensation
    disbursement naming `agreement_id` (or `decision_id`) pays toward that payable, never
    beyond what it leaves open. A `transition_fee` disbursement may be requested by hand
    (back pay, corrections, 代付 with `paid_on_behalf_of`); its amount need not follow the
    policy. Requires `Idempotency-Key`. Emits `disbursement_requested`."""
    fee = body.transition_fee
    cmd = RequestDisbursement(
        project_id=project_id,
        category=body.category.value,
        amount_fen=body.amount.fen,
        payee=body.payee,
        purpose=body.purpose,
        requested_on=body.requested_on or center_today(),
        household_id=body.household_id,
        agreement_id=body.agreement_id,
        decision_id=body.decision_id,
        transition_fee=TransitionFeeTerms(FeeKind(fee.kind), fee.period_from, fee.period_to) if fee else None,
        paid_on_behalf_of=body.paid_on_behalf_of,
    )

    async def work(uow: FundUnitOfWork) -> tuple[int, Any]:
        row = await handlers.request_disbursement(uow, cmd)
        assert row is not None, "only the fee run's requests can be taken already"
        return 201, DisbursementPublic.of(row).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


@router.post(
    "/disbursements/{disbursement_id}/review",
    operation_id="reviewDisbursement",
    summary="审核拨付 / review a disbursement",
    response_model=DisbursementPublic,
    responses=problem_responses(401, 403, 404, SameApprover, DisbursementNotRequested),
)
async def review_disbursement(
    disbursement_id: str, body: DisbursementReview, rt: Rt, principal: DisbursementsReview
) -> Any:
    """财务审核（非申请人）。低于负责人审批额度通过即批准，否则待负责人审批；不通过即驳回。

    A finance user other than the requester reviews: approving below the leader threshold
    (`FUND_SVC_LEADER_THRESHOLD`, default 500000.00) makes it `approved`, at or above it
    `reviewed` (the leader approves next); not approving rejects it and voids its hold."""
    cmd = ReviewDisbursement(
        disbursement_id,
        body.approve,
        body.comment,
        fund_settings(rt).leader_threshold_fen,
        body.reviewed_on or center_today(),
    )
    async with rt.uow(principal.sub) as uow:
        row = await handlers.review_disbursement(uow, cmd)
        await uow.commit()
    return DisbursementPublic.of(row)


@router.post(
    "/disbursements/{disbursement_id}/approve",
    operation_id="approveDisbursement",
    summary="负责人审批拨付 / approve a disbursement",
    response_model=DisbursementPublic,
    responses=problem_responses(401, 403, 404, SameApprover, DisbursementNotReviewed),
)
async def approve_disbursement(
    disbursement_id: str, body: DisbursementApproval, rt: Rt, principal: DisbursementsApprove
) -> Any:
    """中心负责人审批（非申请人、非审核人）。The center leader approves a reviewed
    disbursement; the leader may be neither its requester nor its reviewer (403
    `maker-checker`); one not yet reviewed → 409 `disbursement-not-reviewed`."""
    async with rt.uow(principal.sub) as uow:
        row = await handlers.approve_disbursement(
            uow, ApproveDisbursement(disbursement_id, body.comment, body.approved_on or center_today())
        )
        await uow.commit()
    return DisbursementPublic.of(row)


@router.post(
    "/disbursements/{disbursement_id}/reject",
    operation_id="rejectDisbursement",
    summary="驳回拨付 / reject a disbursement",
    response_model=DisbursementPublic,
    responses=problem_responses(401, 403, 404, DisbursementClosed),
)
async def reject_disbursement(
    disbursement_id: str, body: DisbursementRejection, rt: Rt, principal: DisbursementsReject
) -> Any:
    """驳回未支付的拨付，释放预留。Rejects a disbursement not yet paid and voids its hold;
    emits `disbursement_rejected`."""
    async with rt.uow(principal.sub) as uow:
        row = await handlers.reject_disbursement(
            uow, RejectDisbursement(disbursement_id, body.reason, body.rejected_on or center_today())
        )
        await uow.commit()
    return DisbursementPublic.of(row)


@router.post(
    "/disbursements/{disbursement_id}/pay",
    operation_id="payDisbursement",
    summary="支付拨付 / pay a disbursement",
    response_model=DisbursementPublic,
    responses=problem_responses(401, 403, 404, SameApprover, DisbursementNotApproved),
)
async def pay_disbursement(disbursement_id: str, body: DisbursementPayment, rt: Rt, principal: DisbursementsPay) -> Any:
    """财务支付已批准的拨付（非申请人、审核人、审批人），预留转为已付。Pays an approved
    disbursement (the payer is neither its requester, reviewer nor approver): the hold is
    posted; emits `disbursement_paid`. Paying twice → 409 `disbursement-not-approved`."""
    async with rt.uow(principal.sub) as uow:
        row = await handlers.pay_disbursement(uow, PayDisbursement(disbursement_id, body.paid_on, body.bank_reference))
        await uow.commit()
    return DisbursementPublic.of(row)


@router.get(
    "/projects/{project_id}/disbursements",
    operation_id="listDisbursements",
    summary="拨付明细 / list disbursements",
    response_model=Page[DisbursementPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_disbursements(
    project_id: str,
    rt: Rt,
    principal: FundsRead,
    status: Annotated[DisbursementStatus | None, Query(description="状态 / status")] = None,
    category: Annotated[BudgetCategory | None, Query(description="专款类别 / category")] = None,
    household_id: Annotated[str | None, Query(max_length=64, description="被征收户 / household")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """项目专户的拨付，按申请顺序。Disbursements of the project's account, oldest first."""
    filters = {
        "status": status.value if status else None,
        "category": category.value if category else None,
        "household_id": household_id,
    }
    async with rt.uow(principal.sub) as uow:
        if await uow.accounts.get(project_id, principal=principal) is None:
            raise account_not_found()
        rows = await uow.disbursements.page(project_id, filters, cursor, limit)
    return PAGES.page(rows, limit, DisbursementPublic.of)


@router.get(
    "/disbursements/{disbursement_id}",
    operation_id="getDisbursement",
    summary="拨付详情 / get a disbursement",
    response_model=DisbursementPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_disbursement(disbursement_id: str, rt: Rt, principal: FundsRead) -> Any:
    """拨付及其各环节。A disbursement and who took each step."""
    async with rt.uow(principal.sub) as uow:
        row = await uow.disbursements.get(disbursement_id, principal=principal)
    if row is None:
        raise not_found("disbursement")
    return DisbursementPublic.of(row)


@router.post(
    "/transition-fee-runs",
    tags=["transition-fees"],
    operation_id="runTransitionFees",
    summary="月度过渡费 / request a month's transition fees",
    response_model=FeeRunOut,
    responses=problem_responses(401, 403, 404, FeePolicyMissing),
)
async def run_transition_fees(body: FeeRunIn, rt: Rt, principal: FeeRun) -> Any:
    """为当月在过渡期内的每户（产权调换）发起一笔过渡费拨付申请，每户每月只一笔。

    One disbursement request (category `temporary_resettlement`) per household in transition
    during the month — from moving out to the delivery of its unit, days after the promised
    delivery paid at `late_multiplier` (`kind` `late_delivery`) — never two for one
    household-month, however often or concurrently the run is made. Requests go on through
    review and payment like any other. Households that cannot be held (budget, money) are
    listed in `skipped`. Without `project_id`, every project with a policy."""
    first, _ = month_bounds(body.month)
    today = center_today()
    if first > today:
        raise validation_error("month may not lie after the current month (Asia/Shanghai)", ["body", "month"])
    cmd = RunTransitionFees(body.month, body.project_id, body.requested_on or today)
    async with rt.uow(principal.sub) as uow:
        outcome = await handlers.run_transition_fees(uow, cmd)
        await uow.commit()
    return FeeRunOut.of(outcome)
