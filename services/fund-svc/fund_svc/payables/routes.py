"""HTTP routes of payables (应付): thin — authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import problem_responses
from expro_shared.requests import center_today
from fund_svc.deps import FundsRead, OverdueSweep, Rt
from fund_svc.errors import account_not_found
from fund_svc.payables import handlers
from fund_svc.payables.repository import PAGES
from fund_svc.payables.schemas import OverdueSweepResult, PayablePublic

router = APIRouter(prefix="/v1", tags=["payables"])


@router.get(
    "/projects/{project_id}/payables",
    operation_id="listPayables",
    summary="应付款 / list a project's payables",
    response_model=Page[PayablePublic],
    responses=problem_responses(401, 403, 404),
)
async def list_payables(project_id: str, rt: Rt, principal: FundsRead, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """补偿协议与补偿决定产生的应付款，含已付、状态（open | paid | overdue）。Payables
    created from `agreement_signed` and `compensation_decision_made`: due date, amount,
    paid, and status on the center's today (Asia/Shanghai)."""
    today = center_today()
    async with rt.uow(principal.sub) as uow:
        if await uow.accounts.get(project_id, principal=principal) is None:
            raise account_not_found()
        rows = await uow.payables.page(project_id, cursor, limit)
    return PAGES.page(rows, limit, lambda p: PayablePublic.of(p, today))


@router.get(
    "/payables/overdue",
    operation_id="listOverduePayables",
    summary="逾期应付款 / list overdue payables",
    response_model=Page[PayablePublic],
    responses=problem_responses(401, 403),
)
async def list_overdue_payables(rt: Rt, principal: FundsRead, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """已过应付日期仍未付清的应付款（调用者可见的项目）。Payables past their due date and not
    fully paid, of the projects the caller may see."""
    today = center_today()
    async with rt.uow(principal.sub) as uow:
        rows = await uow.payables.overdue_page(principal, today, cursor, limit)
    return PAGES.page(rows, limit, lambda p: PayablePublic.of(p, today))


@router.post(
    "/payables/overdue-sweep",
    operation_id="sweepOverduePayables",
    summary="通报逾期应付款 / report overdue payables now",
    response_model=OverdueSweepResult,
    responses=problem_responses(401, 403),
)
async def sweep_overdue_payables(rt: Rt, principal: OverdueSweep) -> Any:
    """立即执行逾期检查（服务也按 FUND_SVC_OVERDUE_SWEEP_SECONDS 定时执行）：每笔逾期应付款只通报一次
    `payable_overdue`。Runs the sweep the service also runs on its own every
    `FUND_SVC_OVERDUE_SWEEP_SECONDS`: each overdue payable is reported once."""
    today = center_today()
    reported = 0
    while True:
        async with rt.uow(principal.sub) as uow:
            n = await handlers.report_overdue(uow, today)
            await uow.commit()
        reported += n
        if n == 0:
            break
    return OverdueSweepResult(reported=reported, as_of=today)
