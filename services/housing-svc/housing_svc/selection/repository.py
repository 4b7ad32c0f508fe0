"""Queries of selection rounds and allocations. A round is readable when one of its
projects is; an allocation when its project is (owner units their own, districts their
district's)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import case, col, func, select, update

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from housing_svc.projects.tables import ProjectRow
from housing_svc.selection.tables import AllocationRow, EntryRow, RoundProjectRow, RoundRow

ROUND_PAGES = Keyset((col(RoundRow.created_at), col(RoundRow.id)))
ALLOCATION_PAGES = Keyset((col(AllocationRow.created_at), col(AllocationRow.id)))


class RoundRepository(Repository):
    model = RoundRow

    def readable(self, principal: Principal) -> Any:
        visible = (
            select(RoundProjectRow.round_id)
            .join(ProjectRow, col(ProjectRow.id) == col(RoundProjectRow.project_id))
            .where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))
        )
        return select(RoundRow).where(col(RoundRow.id).in_(visible))

    async def get(self, round_id: str, *, principal: Principal | None = None, lock: bool = False) -> RoundRow | None:
        """The round, if ``principal`` (when given) may see it; ``lock`` serialises its steps."""
        return await self._get(RoundRow.id == round_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def page(self, principal: Principal, cursor: str | None, limit: int) -> list[Any]:
        return await self._readable_page(principal, {}, ROUND_PAGES, cursor, limit)

    async def create(self, rnd: RoundRow, projects: list[RoundProjectRow], entries: list[EntryRow]) -> None:
        """Stage a new round, then its projects and roster (the round's row first: the
        mapped tables declare no relationships for the ORM to order the inserts by)."""
        self.add(rnd)
        await self.session.flush()
        self.add(*projects, *entries)

    async def project_ids(self, round_id: str) -> list[str]:
        stmt = select(RoundProjectRow.project_id).where(RoundProjectRow.round_id == round_id)
        return sorted(await self._all(stmt))

    async def entries(self, round_id: str) -> list[EntryRow]:
        """The roster, in order once ordered (by eligibility id before)."""
        stmt = select(EntryRow).where(EntryRow.round_id == round_id)
        stmt = stmt.order_by(col(EntryRow.position), col(EntryRow.eligibility_id))
        return await self._all(stmt)

    async def entry(self, round_id: str, eligibility_id: str, *, lock: bool = False) -> EntryRow | None:
        stmt = select(EntryRow).where(EntryRow.round_id == round_id, EntryRow.eligibility_id == eligibility_id)
        return await self._first(stmt, lock=lock)  # type: ignore[no-any-return]

    async def rostered(self, round_id: str) -> set[str]:
        return set(await self._all(select(EntryRow.eligibility_id).where(EntryRow.round_id == round_id)))

    async def skip(self, round_id: str, eligibility_id: str, at: Any, by: str) -> bool:
        """Mark the household's turn skipped unless it was already; False then."""
        stmt = (
            update(EntryRow)
            .where(
                col(EntryRow.round_id) == round_id,
                col(EntryRow.eligibility_id) == eligibility_id,
                col(EntryRow.skipped_at).is_(None),
            )
            .values(skipped_at=at, skipped_by=by)
            .execution_options(synchronize_session=False)
        )
        return bool((await self._execute(stmt)).rowcount == 1)


class AllocationRepository(Repository):
    model = AllocationRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(AllocationRow)
            .join(ProjectRow, col(ProjectRow.id) == col(AllocationRow.project_id))
            .where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))
        )

    async def get(
        self, allocation_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> AllocationRow | None:
        return await self._get(AllocationRow.id == allocation_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def of_eligibility(self, eligibility_id: str) -> AllocationRow | None:
        stmt = select(AllocationRow).where(AllocationRow.eligibility_id == eligibility_id)
        return await self._first(stmt.execution_options(populate_existing=True))  # type: ignore[no-any-return]

    async def of_unit(self, unit_id: str, *, lock: bool = False) -> AllocationRow | None:
        return await self._get(AllocationRow.unit_id == unit_id, lock=lock)  # type: ignore[no-any-return]

    async def allocated(self, eligibility_ids: list[str]) -> set[str]:
        """Which of these households have a unit."""
        if not eligibility_ids:
            return set()
        stmt = select(AllocationRow.eligibility_id).where(col(AllocationRow.eligibility_id).in_(eligibility_ids))
        return set(await self._all(stmt))

    async def record(self, allocation: AllocationRow) -> bool:
        """Insert the allocation unless the household or the unit has one (the constraints
        decide, also between concurrent choices); False then."""
        return await self._insert_unless_taken(allocation)

    async def page(self, principal: Principal, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        return await self._readable_page(principal, filters, ALLOCATION_PAGES, cursor, limit)

    async def all(self) -> list[AllocationRow]:
        return await self._all(select(AllocationRow))

    async def counts(
        self, group: str, period: tuple[date, date] | None, project_ids: list[str] | None = None
    ) -> list[Any]:
        """Per ``group`` (``community`` or ``project_id``): units chosen in ``period``, units
        delivered in it, of those delivered after the promised day, and the price
        differences of the choices in it (all when None) — by the business dates."""
        column = col(getattr(AllocationRow, group))

        def within(day: Any) -> Any:
            return day.is_not(None) if period is None else day.between(period[0], period[1])

        def total(condition: Any, value: Any = 1) -> Any:
            return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

        chosen = within(col(AllocationRow.chosen_on))
        delivered = within(col(AllocationRow.delivered_on))
        late = delivered & (col(AllocationRow.delivered_on) > col(AllocationRow.promised_delivery_on))
        stmt = sa.select(
            column,
            total(chosen),
            total(delivered),
            total(late),
            total(chosen, col(AllocationRow.household_pays_fen)),
            total(chosen, col(AllocationRow.household_receives_fen)),
        )
        if project_ids is not None:
            if not project_ids:
                return []
            stmt = stmt.where(col(AllocationRow.project_id).in_(project_ids))
        return list((await self._execute(stmt.group_by(column))).all())
