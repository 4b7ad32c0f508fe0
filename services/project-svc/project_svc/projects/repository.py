"""Queries of projects. ``readable(principal)`` is the one visibility filter that every get
and list uses: owner units see their own projects, districts their district's."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from project_svc.projects.tables import ProjectRow

PAGES = Keyset((col(ProjectRow.created_at), col(ProjectRow.id)))
RowT = TypeVar("RowT")


class ProjectRepository(Repository):
    model = ProjectRow

    def readable(self, principal: Principal) -> Any:
        return select(ProjectRow).where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))

    async def get(
        self, project_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> ProjectRow | None:
        """The project, if ``principal`` (when given) may see it; ``lock`` serialises changes."""
        return await self._get(ProjectRow.id == project_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def register(self, project: ProjectRow) -> bool:
        """Insert the project unless its code is taken (the ``code`` constraint decides, so
        concurrent registrations of one code make one project); False then."""
        return await self._insert_unless_taken(project)

    async def page(self, principal: Principal, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        return await self._readable_page(principal, filters, PAGES, cursor, limit)


class StepRepository(Repository, Generic[RowT]):
    """Rows of one lifecycle step (DESIGN §7.1), each naming its project: readable when the
    project is (the same ``readable_clause`` as projects), listed oldest first."""

    model: type[RowT]

    def readable(self, principal: Principal) -> Any:
        return (
            select(self.model)
            .join(ProjectRow, col(ProjectRow.id) == col(self.model.project_id))  # type: ignore[attr-defined]
            .where(readable_clause(principal, ProjectRow.owner_unit, ProjectRow.district))
        )

    @property
    def pages(self) -> Keyset:
        return Keyset((col(self.model.created_at), col(self.model.id)))  # type: ignore[attr-defined]

    async def get(self, row_id: str, *, principal: Principal | None = None, lock: bool = False) -> RowT | None:
        """The row, if ``principal`` (when given) may see its project; ``lock`` serialises changes."""
        return await self._get(self.model.id == row_id, principal=principal, lock=lock)  # type: ignore[attr-defined,no-any-return]

    async def of_project(self, project_id: str, **where: Any) -> list[RowT]:
        """Every row of the project (narrowed by column = value)."""
        stmt = select(self.model).where(self.model.project_id == project_id)  # type: ignore[attr-defined]
        for name, value in where.items():
            stmt = stmt.where(getattr(self.model, name) == value)
        return await self._all(stmt)

    async def page(self, project_id: str, cursor: str | None, limit: int, **filters: Any) -> list[Any]:
        """A page of the project's rows, narrowed by the ``filters`` that are set."""
        stmt = select(self.model).where(self.model.project_id == project_id)  # type: ignore[attr-defined]
        for name, value in filters.items():
            if value is not None:
                stmt = stmt.where(getattr(self.model, name) == value)
        return await self._all(self.pages.apply(stmt, cursor, limit))

    async def insert_unless_taken(self, row: RowT) -> bool:
        """Insert ``row`` unless a unique constraint holds its values already (one statement)."""
        return await self._insert_unless_taken(row)
