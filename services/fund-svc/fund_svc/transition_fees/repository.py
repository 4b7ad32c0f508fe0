"""Queries of transitions and transition-fee policies."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, or_, select

from expro_shared.db import Repository
from fund_svc.transition_fees.tables import FeePolicyRow, TransitionRow


class TransitionRepository(Repository):
    model = TransitionRow

    async def get(self, project_id: str, household_id: str) -> TransitionRow | None:
        stmt = select(TransitionRow).where(
            TransitionRow.project_id == project_id, TransitionRow.household_id == household_id
        )
        return await self._first(stmt, lock=True)  # type: ignore[no-any-return]

    async def in_transition(self, project_id: str, first: date, last: date) -> list[TransitionRow]:
        """Households of the project out of their homes on some day of ``first``–``last``
        (moved out by ``last``, not delivered before ``first``), by household."""
        stmt = (
            select(TransitionRow)
            .where(
                TransitionRow.project_id == project_id,
                col(TransitionRow.moved_out_on).is_not(None),
                col(TransitionRow.moved_out_on) <= last,
                or_(col(TransitionRow.delivered_on).is_(None), col(TransitionRow.delivered_on) >= first),
            )
            .order_by(col(TransitionRow.household_id))
        )
        return await self._all(stmt)


class FeePolicyRepository(Repository):
    model = FeePolicyRow

    async def get(self, project_id: str) -> FeePolicyRow | None:
        return await self._first(select(FeePolicyRow).where(FeePolicyRow.project_id == project_id))  # type: ignore[no-any-return]

    async def all(self, project_id: str | None) -> list[FeePolicyRow]:
        """Every project's policy (or one project's), by project."""
        stmt = select(FeePolicyRow).order_by(col(FeePolicyRow.project_id))
        if project_id is not None:
            stmt = stmt.where(FeePolicyRow.project_id == project_id)
        return await self._all(stmt)
