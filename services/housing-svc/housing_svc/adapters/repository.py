"""Queries of housing-svc. Repositories read and stage; they never commit."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.pagination import keyset
from housing_svc.adapters.tables import ProjectRow


async def get_project(session: AsyncSession, project_id: str, *, lock: bool = False) -> ProjectRow | None:
    stmt = select(ProjectRow).where(ProjectRow.id == project_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).first()


async def list_projects(
    session: AsyncSession, filters: dict[str, Any], cursor: str | None, limit: int
) -> list[ProjectRow]:
    stmt = select(ProjectRow)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(ProjectRow, name) == value)
    stmt = keyset(stmt, col(ProjectRow.registered_at), col(ProjectRow.id), cursor, limit)
    return list((await session.exec(stmt)).all())
