"""Handlers of deposits, each inside the caller's unit of work (ledger change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.fund import DepositRecorded
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


async def record_deposit(uow: FundUnitOfWork, cmd: RecordDeposit) -> tuple[DepositRow, Ledger]:
    """Credit the dedicated account (emits `deposit_recorded`). Committed before the 201, so
    it counts for every later issuance request (§5 step 2)."""
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
    deposit = DepositRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        amount_fen=cmd.amount_fen,
        bank_reference=cmd.bank_reference,
        bank_reference_key=comparison_key(cmd.bank_reference),
        payer=cmd.payer,
        received_at=cmd.received_at,
        recorded_by=uow.actor,
        created_at=now,
    )
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
