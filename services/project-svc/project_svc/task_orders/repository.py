"""Queries of task orders. A task order is readable when its project is."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from project_svc.projects.tables import ProjectRow
from project_svc.task_orders.domain import HOLDS_BUDGET, TaskOrderStatus
from project_svc.task_orders.tables import TaskOrderRow

PAGES = Keyset((col(TaskOrderRow.created_at), col(TaskOrderRow.id)))


class TaskOrderRepository(Repository):
    model = TaskOrderRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(TaskOrderRow)
            .join(ProjectRow, col(ProjectRow.id) == col(TaskOrderRow.project_id))
            .where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))
        )

    async def get(
        self, task_order_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> TaskOrderRow | None:
        """The order, if ``principal`` (when given) may see it; ``lock`` serialises changes."""
        return await self._get(TaskOrderRow.id == task_order_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def any_holding_budget(self, project_id: str) -> bool:
        """True while an order of the project is pending funds or issued."""
        stmt = select(TaskOrderRow.id).where(
            TaskOrderRow.project_id == project_id, col(TaskOrderRow.status).in_([s.value for s in HOLDS_BUDGET])
        )
        return await self._first(stmt.limit(1)) is not None

    async def page(self, project_id: str, cursor: str | None, limit: int) -> list[Any]:
        stmt = select(TaskOrderRow).where(TaskOrderRow.project_id == project_id)
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def any_issued(self, project_id: str) -> bool:
        """True once a task order of the project is issued: fund-svc confirmed the deposits
        cover the required deposit (the funding the expropriation decision needs)."""
        stmt = select(TaskOrderRow.id).where(
            TaskOrderRow.project_id == project_id, TaskOrderRow.status == TaskOrderStatus.ISSUED.value
        )
        return await self._first(stmt.limit(1)) is not None
