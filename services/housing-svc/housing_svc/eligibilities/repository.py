"""Queries of eligibilities. An eligibility is readable when its project is (owner units
their own projects', districts their district's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, func, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from housing_svc.eligibilities.domain import EligibilityStatus
from housing_svc.eligibilities.tables import EligibilityRow
from housing_svc.projects.tables import ProjectRow

PAGES = Keyset((col(EligibilityRow.created_at), col(EligibilityRow.id)))


class EligibilityRepository(Repository):
    model = EligibilityRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(EligibilityRow)
            .join(ProjectRow, col(ProjectRow.id) == col(EligibilityRow.project_id))
            .where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))
        )

    async def get(
        self, eligibility_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> EligibilityRow | None:
        """The eligibility, if ``principal`` (when given) may see it; ``lock`` serialises its review."""
        return await self._get(EligibilityRow.id == eligibility_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def record(self, eligibility: EligibilityRow) -> bool:
        """Insert unless the agreement has its eligibility already (the constraint decides); False then."""
        return await self._insert_unless_taken(eligibility)

    async def page(self, principal: Principal, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        return await self._readable_page(principal, filters, PAGES, cursor, limit)

    async def many(self, ids: list[str]) -> dict[str, EligibilityRow]:
        if not ids:
            return {}
        rows = await self._all(select(EligibilityRow).where(col(EligibilityRow.id).in_(ids)))
        return {r.id: r for r in rows}

    async def eligible_of(self, project_ids: list[str]) -> list[EligibilityRow]:
        """The eligible households of these projects."""
        stmt = select(EligibilityRow).where(
            col(EligibilityRow.project_id).in_(project_ids),
            col(EligibilityRow.status) == EligibilityStatus.ELIGIBLE.value,
        )
        return await self._all(stmt)

    async def all(self) -> list[EligibilityRow]:
        return await self._all(select(EligibilityRow))

    async def by_project_and_status(self, project_ids: list[str], period: tuple[date, date] | None) -> list[Any]:
        """(project, status, households) of agreements signed in ``period`` (all when None)."""
        if not project_ids:
            return []
        stmt = select(EligibilityRow.project_id, EligibilityRow.status, func.count()).where(
            col(EligibilityRow.project_id).in_(project_ids)
        )
        if period is not None:
            stmt = stmt.where(col(EligibilityRow.signed_on).between(period[0], period[1]))
        stmt = stmt.group_by(col(EligibilityRow.project_id), col(EligibilityRow.status))
        return list((await self._execute(stmt)).all())
