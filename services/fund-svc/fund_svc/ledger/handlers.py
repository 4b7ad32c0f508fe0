"""Handlers of the ledger: project-svc's events open the project's dedicated account (专户)
and set what it must hold. Each runs inside the consumer's unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import AccountOpened
from expro_shared.events.project import BudgetApproved, ProjectRegistered
from fund_svc.ledger.tables import AccountCategoryRow, AccountRow

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


def _open_account(
    uow: FundUnitOfWork, cause: CloudEvent, project_id: str, owner_unit: str, land_type: str, code: str | None
) -> AccountRow:
    now = utcnow()
    account = AccountRow(
        project_id=project_id,
        code=code,
        owner_unit=owner_unit,
        land_type=land_type,
        created_at=now,
        updated_at=now,
    )
    uow.accounts.add(account)
    uow.emit(AccountOpened(project_id=project_id, owner_unit=owner_unit), causation=cause)
    return account


async def on_project_registered(event: CloudEvent, data: ProjectRegistered, uow: FundUnitOfWork) -> None:
    """Open the project's dedicated account (专户), once."""
    if await uow.accounts.get(data.project_id) is None:
        _open_account(uow, event, data.project_id, data.owner_unit, data.land_type.value, data.code)


async def on_budget_approved(event: CloudEvent, data: BudgetApproved, uow: FundUnitOfWork) -> None:
    """Record the required deposit and the earmarked budget of each category (a category
    no longer in the budget keeps its row with a budget of 0)."""
    account = await uow.accounts.get(data.project_id, lock=True)
    if account is None:
        account = _open_account(uow, event, data.project_id, data.owner_unit, data.land_type.value, None)
    account.required_fen = data.required_deposit.fen
    account.updated_at = utcnow()
    uow.accounts.add(account)
    existing = {c.category: c for c in await uow.categories.of(data.project_id)}
    for item in data.items:
        row = existing.pop(item.category.value, None) or AccountCategoryRow(
            project_id=data.project_id, category=item.category.value
        )
        row.budget_fen = item.amount.fen
        uow.categories.add(row)
    for row in existing.values():
        row.budget_fen = 0
        uow.categories.add(row)
