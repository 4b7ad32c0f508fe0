"""Handlers of settlement (结算), inside the caller's unit of work: project-svc's settlement
request is recorded; the settlement refunds the remainder and closes the account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.auth import Principal
from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import AccountSettled
from expro_shared.events.project import SettlementRequested
from expro_shared.problems import validation_error
from expro_shared.vocabulary import Money
from fund_svc.errors import (
    AccountClosed,
    DisbursementsPending,
    PayablesOutstanding,
    SettlementNotRequested,
    account_not_found,
)
from fund_svc.ledger.domain import SettlementBlocked
from fund_svc.settlement.commands import SettleAccount

if TYPE_CHECKING:
    from fund_svc.ledger.tables import AccountRow
    from fund_svc.uow import FundUnitOfWork


async def on_settlement_requested(event: CloudEvent, data: SettlementRequested, uow: FundUnitOfWork) -> None:
    """The project asked for its settlement: from now on the account may be settled."""
    account = await uow.accounts.get(data.project_id, lock=True)
    if account is None or account.settlement_requested_on is not None:
        return
    account.settlement_requested_on = data.requested_on
    account.updated_at = utcnow()
    uow.accounts.add(account)


async def settle_account(uow: FundUnitOfWork, cmd: SettleAccount, principal: Principal) -> tuple[AccountRow, int]:
    """结算 (emits `account_settled`): only after project-svc's settlement request, with no
    disbursement still held and every payable paid; the remainder (deposited − paid) is
    refunded to the owner unit and the account closes. The account and the remainder."""
    ledger = await uow.accounts.lock_ledger(cmd.project_id, principal=principal)
    if ledger is None:
        raise account_not_found()
    account = await uow.accounts.get(cmd.project_id, lock=True)
    assert account is not None
    if ledger.closed:
        raise AccountClosed.error(f"the account was settled on {account.settled_on}")
    if account.settlement_requested_on is None:
        raise SettlementNotRequested.error(
            "the project's settlement request (settlement_requested) has not reached fund-svc: request it first"
        )
    if cmd.settled_on < account.settlement_requested_on:
        raise validation_error(
            f"settled_on {cmd.settled_on} lies before the settlement request of {account.settlement_requested_on}",
            ["body", "settled_on"],
        )
    try:
        closed, remainder = ledger.settle()
    except SettlementBlocked as exc:
        raise DisbursementsPending.error(str(exc), held=Money(exc.held).yuan) from exc
    outstanding = await uow.payables.open_count(cmd.project_id)
    if outstanding:
        raise PayablesOutstanding.error(f"{outstanding} payable(s) to households are not fully paid", count=outstanding)
    now = utcnow()
    await uow.accounts.save_ledger(cmd.project_id, closed, now)
    account = await uow.accounts.get(cmd.project_id, lock=True)
    assert account is not None
    account.settled_on, account.settled_by, account.settled_refund_fen = cmd.settled_on, uow.actor, remainder
    uow.accounts.add(account)
    uow.emit(
        AccountSettled(
            project_id=cmd.project_id,
            settled_on=cmd.settled_on,
            deposited=Money(ledger.deposited),
            paid=Money(ledger.paid),
            refunded=Money(remainder),
            settled_by=uow.actor,
        )
    )
    return account, remainder
