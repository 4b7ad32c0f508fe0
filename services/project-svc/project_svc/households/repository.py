"""Queries of households: readable when their project is."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from project_svc.households.tables import HouseholdRow
from project_svc.projects.repository import StepRepository


class HouseholdRepository(StepRepository[HouseholdRow]):
    model = HouseholdRow

    async def of(self, project_id: str, household_id: str, *, lock: bool = False) -> HouseholdRow | None:
        """The household if it belongs to the project; ``lock`` serialises the steps that
        are once per household (its agreement, its compensation decision, its move-out)."""
        return await self._get(  # type: ignore[no-any-return]
            (HouseholdRow.id == household_id) & (HouseholdRow.project_id == project_id), lock=lock
        )

    async def page_by_move_out(
        self, project_id: str, cursor: str | None, limit: int, moved_out: bool | None
    ) -> list[Any]:
        """A page of the project's households; ``moved_out`` keeps those that did (or did not)."""
        stmt = select(HouseholdRow).where(HouseholdRow.project_id == project_id)
        if moved_out is not None:
            moved = col(HouseholdRow.moved_out_on)
            stmt = stmt.where(moved.is_not(None) if moved_out else moved.is_(None))
        return await self._all(self.pages.apply(stmt, cursor, limit))
