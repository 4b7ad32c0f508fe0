"""Handlers of budgets, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import BudgetApproved, BudgetItem
from expro_shared.problems import not_found
from expro_shared.vocabulary import LandType, Money
from project_svc.budgets import domain
from project_svc.budgets.commands import ApproveBudget
from project_svc.budgets.tables import BudgetItemRow
from project_svc.errors import BudgetFrozen, BudgetInvalid
from project_svc.projects.domain import ProjectStatus
from project_svc.projects.tables import ProjectRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def approve_budget(uow: ProjectUnitOfWork, cmd: ApproveBudget) -> tuple[ProjectRow, list[BudgetItemRow]]:
    """Set the earmarked amounts; the required deposit is their sum (emits `budget_approved`).

    Frozen while a task order holds it: the required deposit fund-svc checked must stay the
    one the order was issued on."""
    project = await uow.projects.get(cmd.project_id, lock=True)
    if project is None:
        raise not_found("project")
    if await uow.task_orders.any_holding_budget(cmd.project_id):
        raise BudgetFrozen.error("the budget is frozen while a task order is pending funds or issued")
    try:
        required = domain.required_deposit(cmd.items)
    except domain.BudgetInvalid as exc:
        raise BudgetInvalid.error(str(exc), errors=[{"loc": ["body", "items"], "msg": str(exc)}]) from exc
    rows = [BudgetItemRow(project_id=cmd.project_id, category=c.value, amount_fen=a) for c, a in cmd.items]
    await uow.budget_items.replace(cmd.project_id, rows)
    project.required_deposit_fen = required
    project.status = ProjectStatus.BUDGETED.value
    project.updated_at = utcnow()
    uow.projects.add(project)
    uow.emit(
        BudgetApproved(
            project_id=cmd.project_id,
            owner_unit=project.owner_unit,
            land_type=LandType(project.land_type),
            required_deposit=Money(required),
            items=[BudgetItem(category=c, amount=Money(a)) for c, a in cmd.items],
        )
    )
    return project, sorted(rows, key=lambda r: r.category)
