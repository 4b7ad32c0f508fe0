"""project-svc's unit of work: one transaction, with every repository of the service
hanging off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import UnitOfWork
from project_svc.budgets.repository import BudgetItemRepository
from project_svc.projects.repository import ProjectRepository
from project_svc.task_orders.repository import TaskOrderRepository


class ProjectUnitOfWork(UnitOfWork):
    projects: ProjectRepository
    budget_items: BudgetItemRepository
    task_orders: TaskOrderRepository

    def bind(self, session: AsyncSession) -> None:
        self.projects = ProjectRepository(session)
        self.budget_items = BudgetItemRepository(session)
        self.task_orders = TaskOrderRepository(session)
