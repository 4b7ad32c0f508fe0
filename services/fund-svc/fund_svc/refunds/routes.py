"""HTTP routes of refunds (maker-checker): thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKey, IdempotencyKeyReused, run_idempotent
from expro_shared.problems import not_found, problem_responses
from fund_svc.deps import FundsRead, RefundsApprove, RefundsRequest, Rt
from fund_svc.errors import AccountClosed, RefundExceedsAvailable, RefundNotPending, SameApprover
from fund_svc.refunds import handlers
from fund_svc.refunds.commands import ApproveRefund, RequestRefund
from fund_svc.refunds.schemas import RefundCreate, RefundPublic

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork

router = APIRouter(prefix="/v1", tags=["refunds"])


@router.post(
    "/projects/{project_id}/refunds",
    operation_id="requestRefund",
    summary="申请退回预存款 / request a refund",
    status_code=201,
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404, RefundExceedsAvailable, AccountClosed, IdempotencyKeyReused),
)
async def request_refund(
    project_id: str,
    body: RefundCreate,
    request: Request,
    rt: Rt,
    principal: RefundsRequest,
    idempotency_key: IdempotencyKey,
) -> Any:
    """财务申请退回（经办），须另一人审批（复核）。A refund is requested by one person and
    approved by another; one that would undercut funding committed to issued task orders is
    refused (409) at request and again at approval."""
    cmd = RequestRefund(project_id=project_id, amount_fen=body.amount.fen, reason=body.reason)

    async def work(uow: FundUnitOfWork) -> tuple[int, Any]:
        refund = await handlers.request_refund(uow, cmd)
        return 201, RefundPublic.of(refund).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


@router.post(
    "/refunds/{refund_id}/approve",
    operation_id="approveRefund",
    summary="审批退回 / approve a refund",
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404, SameApprover, RefundNotPending, RefundExceedsAvailable, AccountClosed),
)
async def approve_refund(refund_id: str, rt: Rt, principal: RefundsApprove) -> Any:
    """复核人（非申请人）审批后资金退回；emits `refund_recorded`. The approver must not be the requester."""
    async with rt.uow(principal.sub) as uow:
        refund, _ = await handlers.approve_refund(uow, ApproveRefund(refund_id))
        await uow.commit()
    return RefundPublic.of(refund)


@router.get(
    "/refunds/{refund_id}",
    operation_id="getRefund",
    summary="退回详情 / get a refund",
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_refund(refund_id: str, rt: Rt, principal: FundsRead) -> Any:
    """退回申请及其状态。A refund and its status."""
    async with rt.uow(principal.sub) as uow:
        refund = await uow.refunds.get(refund_id, principal=principal)
    if refund is None:
        raise not_found("refund")
    return RefundPublic.of(refund)
