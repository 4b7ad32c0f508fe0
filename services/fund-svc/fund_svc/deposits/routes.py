"""HTTP routes of deposits: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKey, IdempotencyKeyReused, request_hash, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import problem_responses
from fund_svc.deposits import handlers
from fund_svc.deposits.commands import RecordDeposit
from fund_svc.deposits.repository import PAGES
from fund_svc.deposits.schemas import DepositCreate, DepositPublic
from fund_svc.deposits.tables import DepositRow
from fund_svc.deps import DepositsWrite, FundsRead, Rt
from fund_svc.errors import AccountClosed, BankReferenceTaken, DepositLimitExceeded, account_not_found
from fund_svc.ledger.domain import Ledger

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork

router = APIRouter(prefix="/v1", tags=["deposits"])


@router.post(
    "/projects/{project_id}/deposits",
    operation_id="recordDeposit",
    summary="登记预存款 / record a deposit",
    status_code=201,
    response_model=DepositPublic,
    responses=problem_responses(
        401, 403, 404, BankReferenceTaken, DepositLimitExceeded, AccountClosed, IdempotencyKeyReused
    ),
)
async def record_deposit(
    project_id: str,
    body: DepositCreate,
    request: Request,
    rt: Rt,
    principal: DepositsWrite,
    idempotency_key: IdempotencyKey,
) -> Any:
    """业主单位预存款存入项目专户；同一 Idempotency-Key 重放首次结果。

    Credits the project's dedicated account. Requires `Idempotency-Key`: the same key with
    the same body replays the first response, with another body → 422
    `idempotency-key-reused`. A bank reference is accepted once per project (409).
    A 201 means the deposit counts for every later issuance request."""
    body_hash = request_hash(body.model_dump(mode="json"))
    cmd = RecordDeposit(
        project_id=project_id,
        amount_fen=body.amount.fen,
        bank_reference=body.bank_reference,
        payer=body.payer,
        received_at=body.received_at,
        principal=principal,
        idempotency_key=idempotency_key,
        request_hash=body_hash,
    )
    answer: dict[str, Any] = {}

    def receipt(deposit: DepositRow, ledger: Ledger) -> Any:
        answer.update(DepositPublic.of(deposit, ledger.deposited).model_dump(mode="json"))
        return answer

    async def work(uow: FundUnitOfWork) -> tuple[int, Any]:
        await handlers.record_deposit(uow, cmd, receipt)
        return 201, answer

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub),
        scope,
        idempotency_key,
        None,
        work,
        answers=handlers.DepositReceipts(project_id, principal.sub),
        body_hash=body_hash,
    )


@router.get(
    "/projects/{project_id}/deposits",
    operation_id="listDeposits",
    summary="预存款明细 / list deposits",
    response_model=Page[DepositPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_deposits(project_id: str, rt: Rt, principal: FundsRead, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """项目专户的预存款，按入账顺序。Deposits of the project's account, oldest first."""
    async with rt.uow(principal.sub) as uow:
        if await uow.accounts.get(project_id, principal=principal) is None:
            raise account_not_found()
        rows = await uow.deposits.page(project_id, cursor, limit)
    return PAGES.page(rows, limit, DepositPublic.of)
