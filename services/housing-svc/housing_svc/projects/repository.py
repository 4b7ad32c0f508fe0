"""Queries of the projection of projects. ``readable(principal)`` is the one visibility
filter that every get and list uses: owner units see their own projects, districts their
district's."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from housing_svc.projects.tables import ProjectRow

PAGES = Keyset((col(ProjectRow.registered_at), col(ProjectRow.id)))


class ProjectRepository(Repository):
    model = ProjectRow

    def readable(self, principal: Principal) -> Any:
        return select(ProjectRow).where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))

    async def get(
        self, project_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> ProjectRow | None:
        """The project, if ``principal`` (when given) may see it; ``lock`` serialises changes."""
        return await self._get(ProjectRow.id == project_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def page(self, principal: Principal, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        return await self._readable_page(principal, filters, PAGES, cursor, limit)

    async def readable_all(self, principal: Principal) -> list[ProjectRow]:
        """Every project ``principal`` may see, oldest registration first."""
        return await self._all(self.readable(principal).order_by(*PAGES.columns))
