"""Handlers of statements (对账单): read-only, inside the caller's unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from expro_shared.auth import Principal
from expro_shared.requests import CENTER_TZ
from fund_svc.errors import account_not_found
from fund_svc.statements.domain import Entry, Line, lines

if TYPE_CHECKING:
    from fund_svc.disbursements.tables import DisbursementRow
    from fund_svc.ledger.tables import AccountCategoryRow, AccountRow
    from fund_svc.payables.tables import PayableRow
    from fund_svc.uow import FundUnitOfWork


@dataclass(frozen=True)
class Statement:
    account: AccountRow
    categories: list[AccountCategoryRow]
    lines: list[Line]
    pending: list[DisbursementRow]
    payables: list[PayableRow]
    deposited_in: int
    refunded: int


async def build_statement(uow: FundUnitOfWork, project_id: str, principal: Principal) -> Statement:
    """Everything the account holds and moved, by business date: deposits (the day received,
    Asia/Shanghai), refunds (the day approved), payments (``paid_on``), the settlement refund
    (``settled_on``)."""
    account = await uow.accounts.get(project_id, principal=principal)
    if account is None:
        raise account_not_found()
    entries: list[Entry] = []
    deposited_in = refunded = 0
    for d in await uow.deposits.of_project(project_id):
        deposited_in += d.amount_fen
        entries.append(
            Entry(
                d.received_at.astimezone(CENTER_TZ).date(), "deposit", d.bank_reference, d.payer, money_in=d.amount_fen
            )
        )
    for r in await uow.refunds.completed_of(project_id):
        refunded += r.amount_fen
        on = (r.completed_at or r.created_at).astimezone(CENTER_TZ).date()
        entries.append(Entry(on, "refund", r.id, r.reason, money_out=r.amount_fen))
    pending = []
    for x in await uow.disbursements.of_project(project_id):
        if x.status == "paid" and x.paid_on is not None:
            entries.append(
                Entry(
                    x.paid_on,
                    "disbursement",
                    x.bank_reference or x.id,
                    f"{x.payee}: {x.purpose}",
                    money_out=x.amount_fen,
                    category=x.category,
                    household_id=x.household_id,
                )
            )
        elif x.status in ("requested", "reviewed", "approved"):
            pending.append(x)
    if account.settled_on is not None and account.settled_refund_fen:
        refunded += account.settled_refund_fen
        entries.append(
            Entry(
                account.settled_on,
                "settlement_refund",
                account.project_id,
                "结算退回余额 / remainder refunded at settlement",
                money_out=account.settled_refund_fen,
            )
        )
    return Statement(
        account=account,
        categories=await uow.categories.of(project_id),
        lines=lines(entries),
        pending=pending,
        payables=await uow.payables.of_project(project_id),
        deposited_in=deposited_in,
        refunded=refunded,
    )
