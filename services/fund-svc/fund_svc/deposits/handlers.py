"""Handlers of deposits, each inside the caller's unit of work (ledger change + outbox row)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from expro_shared.db import utcnow
from expro_shared.events.fund import DepositRecorded
from expro_shared.idempotency import Outcome, stored_answer
from expro_shared.money import format_fen
from expro_shared.normalise import comparison_key
from expro_shared.vocabulary import Money
from fund_svc.deposits.commands import RecordDeposit
from fund_svc.deposits.tables import DepositRow
from fund_svc.errors import AccountClosed, BankReferenceTaken, DepositLimitExceeded, account_not_found
from fund_svc.ledger.domain import AccountClosed as Closed
from fund_svc.ledger.domain import Ledger, LimitExceeded

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


async def record_deposit(
    uow: FundUnitOfWork, cmd: RecordDeposit, receipt: Callable[[DepositRow, Ledger], Any] | None = None
) -> tuple[DepositRow, Ledger]:
    """Credit the dedicated account (emits `deposit_recorded`). Committed before the 201, so
    it counts for every later issuance request (§5 step 2). ``receipt`` builds the answer
    (JSON data) from the deposit and the balances after it; the row keeps it, with the
    command's Idempotency-Key and request hash, for a retry to replay."""
    now = utcnow()
    credited = await uow.accounts.credit(cmd.project_id, cmd.amount_fen, now, principal=cmd.principal)
    if credited is None:
        raise account_not_found()
    try:
        after = Ledger.credited(credited, cmd.amount_fen)
    except LimitExceeded as exc:
        raise DepositLimitExceeded.error(
            str(exc), room=format_fen(exc.room), errors=[{"loc": ["body", "amount"], "msg": str(exc)}]
        ) from exc
    except Closed as exc:
        raise AccountClosed.error("the account was settled and is closed: it takes no more deposits") from exc
    # rows built without the ORM's instrumentation (a Core INSERT reads their attributes;
    # constructing an instrumented row cost ~60 µs of a deposit's hot path)
    values: dict[str, Any] = dict(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        amount_fen=cmd.amount_fen,
        bank_reference=cmd.bank_reference,
        bank_reference_key=comparison_key(cmd.bank_reference),
        payer=cmd.payer,
        received_at=cmd.received_at,
        recorded_by=uow.actor,
        created_at=now,
        idempotency_key=cmd.idempotency_key,
        request_hash=cmd.request_hash,
    )
    if receipt is not None:
        values["receipt"] = json.dumps(receipt(DepositRow.model_construct(**values), after), ensure_ascii=False)
    deposit = DepositRow.model_construct(**values)
    if not await uow.deposits.record(deposit):
        raise BankReferenceTaken.error(
            f"bank reference {cmd.bank_reference!r} is already recorded for this project (compared ignoring case, "
            "width, invisible characters and surrounding space)"
        )
    uow.emit(
        DepositRecorded(
            project_id=cmd.project_id,
            deposit_id=deposit.id,
            amount=Money(cmd.amount_fen),
            bank_reference=cmd.bank_reference,
            deposited_total=Money(after.deposited),
        )
    )
    return deposit, after


class DepositReceipts:
    """A deposit is its own idempotency record (``Answers``): its row carries the key, the
    request's hash and the receipt, written by ``record_deposit``, so remembering writes
    nothing more; a replay reads the row of this user's key in this project (migration 0007
    moved the answers given before onto their deposits)."""

    def __init__(self, project_id: str, recorded_by: str) -> None:
        self.project_id = project_id
        self.recorded_by = recorded_by

    async def remember(
        self, uow: FundUnitOfWork, scope: str, key: str, body_hash: str, status_code: int, body: Any
    ) -> None:
        return None

    async def replay(self, uow: FundUnitOfWork, scope: str, key: str, body_hash: str) -> Outcome | None:
        found = await uow.deposits.receipt(self.project_id, self.recorded_by, key)
        if found is None:
            return None
        stored_hash, receipt = found
        return stored_answer(stored_hash, body_hash, 201, receipt)
