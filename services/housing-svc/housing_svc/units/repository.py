"""Queries of the housing stock. The stock is shared by every project: whoever may read
housing reads every unit."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import case, col, func, select, update

from expro_shared.auth import Principal
from expro_shared.db import Repository, one_of
from expro_shared.pagination import Keyset
from housing_svc.units.tables import UnitRow

PAGES = Keyset((col(UnitRow.imported_at), col(UnitRow.id)))


class UnitRepository(Repository):
    model = UnitRow

    def readable(self, principal: Principal) -> Any:
        return select(UnitRow)

    async def get(self, unit_id: str, *, lock: bool = False) -> UnitRow | None:
        """The unit; ``lock`` serialises its changes (allocation, delivery)."""
        return await self._get(UnitRow.id == unit_id, lock=lock)  # type: ignore[no-any-return]

    async def taken_keys(self, keys: list[str]) -> set[str]:
        """Which of these dwelling keys the stock holds already."""
        found: set[str] = set()
        for at in range(0, len(keys), 500):
            stmt = select(UnitRow.unit_key).where(one_of(col(UnitRow.unit_key), keys[at : at + 500], self.dialect))
            found.update(await self._all(stmt))
        return found

    async def insert(self, unit: UnitRow) -> bool:
        """Insert the unit unless its dwelling is in the stock already (the ``unit_key``
        constraint decides, also against a concurrent import); False then."""
        return await self._insert_unless_taken(unit)

    async def mark(self, unit_id: str, *, from_status: str, to_status: str, delivered_on: date | None = None) -> bool:
        """Move the unit from one status to the next in one statement; False when it was not
        in ``from_status`` (someone else moved it first)."""
        values: dict[str, Any] = {"status": to_status}
        if delivered_on is not None:
            values["delivered_on"] = delivered_on
        stmt = (
            update(UnitRow)
            .where(col(UnitRow.id) == unit_id, col(UnitRow.status) == from_status)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        result = await self._execute(stmt)
        return bool(result.rowcount == 1)

    async def page(
        self, filters: dict[str, Any], completed: tuple[date, date] | None, cursor: str | None, limit: int
    ) -> list[Any]:
        stmt = select(UnitRow)
        for name, value in filters.items():
            if value is not None:
                stmt = stmt.where(getattr(UnitRow, name) == value)
        if completed is not None:
            stmt = stmt.where(col(UnitRow.completed_on) >= completed[0], col(UnitRow.completed_on) <= completed[1])
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def all(self) -> list[UnitRow]:
        return await self._all(select(UnitRow))

    async def by_community(self, period: tuple[date, date] | None) -> list[Any]:
        """Per community: units, how many are available / allocated / delivered now, their
        floor area, and how many were completed in ``period`` (all when None)."""

        def status(name: str) -> Any:
            return func.coalesce(func.sum(case((col(UnitRow.status) == name, 1), else_=0)), 0)

        completed: Any = func.count()
        if period is not None:
            inside = col(UnitRow.completed_on).between(period[0], period[1])
            completed = func.coalesce(func.sum(case((inside, 1), else_=0)), 0)
        stmt = (
            sa.select(
                col(UnitRow.community),
                func.count(),
                status("available"),
                status("allocated"),
                status("delivered"),
                func.coalesce(func.sum(col(UnitRow.area_centi)), 0),
                completed,
            )
            .group_by(col(UnitRow.community))
            .order_by(col(UnitRow.community))
        )
        return list((await self._execute(stmt)).all())
