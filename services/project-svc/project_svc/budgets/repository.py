"""Queries of budget items."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from expro_shared.db import Repository
from project_svc.budgets.tables import BudgetItemRow


class BudgetItemRepository(Repository):
    async def of(self, project_id: str) -> list[BudgetItemRow]:
        """The project's budget lines, by category."""
        stmt = select(BudgetItemRow).where(BudgetItemRow.project_id == project_id).order_by(col(BudgetItemRow.category))
        return await self._all(stmt)

    async def replace(self, project_id: str, rows: list[BudgetItemRow]) -> None:
        """Stage ``rows`` as the project's whole budget."""
        await self.session.exec(delete(BudgetItemRow).where(col(BudgetItemRow.project_id) == project_id))
        self.add(*rows)
