"""HTTP route of settlement (结算): thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKey, IdempotencyKeyReused, run_idempotent
from expro_shared.problems import problem_responses
from expro_shared.vocabulary import Money
from fund_svc.deps import Rt, SettleAccount
from fund_svc.errors import AccountClosed, DisbursementsPending, PayablesOutstanding, SettlementNotRequested
from fund_svc.ledger.schemas import AccountPublic
from fund_svc.settlement import handlers
from fund_svc.settlement.commands import SettleAccount as Settle
from fund_svc.settlement.schemas import SettlementCreate, SettlementPublic

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork

router = APIRouter(prefix="/v1", tags=["settlement"])


@router.post(
    "/projects/{project_id}/settle",
    operation_id="settleAccount",
    summary="结算 / settle the account",
    response_model=SettlementPublic,
    responses=problem_responses(
        401,
        403,
        404,
        AccountClosed,
        SettlementNotRequested,
        DisbursementsPending,
        PayablesOutstanding,
        IdempotencyKeyReused,
    ),
)
async def settle_account(
    project_id: str,
    body: SettlementCreate,
    request: Request,
    rt: Rt,
    principal: SettleAccount,
    idempotency_key: IdempotencyKey,
) -> Any:
    """中心负责人结算：须项目已申请结算、无待支付拨付、应付款均已付清；余额退回业主单位，专户关闭。

    After project-svc's `settlement_requested`, with no disbursement still held (409
    `disbursements-pending`) and every payable paid (409 `payables-outstanding`): the
    remainder (deposited − paid) is refunded to the owner unit and the account closes — no
    deposit, refund or disbursement afterwards (409 `account-closed`). Requires
    `Idempotency-Key`. Emits `account_settled`. The final statement stays readable
    (`getStatement`)."""
    cmd = Settle(project_id=project_id, settled_on=body.settled_on, comment=body.comment)

    async def work(uow: FundUnitOfWork) -> tuple[int, Any]:
        account, remainder = await handlers.settle_account(uow, cmd, principal)
        categories = await uow.categories.of(project_id)
        assert account.settled_on is not None and account.settled_by is not None
        out = SettlementPublic(
            project_id=project_id,
            settled_on=account.settled_on,
            settled_by=account.settled_by,
            refunded=Money(remainder),
            account=AccountPublic.of(account, categories),
            statement=f"/v1/projects/{project_id}/statement",
        )
        return 200, out.model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )
