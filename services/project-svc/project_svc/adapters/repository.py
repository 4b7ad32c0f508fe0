"""Queries of project-svc. Repositories read and stage; they never commit."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.pagination import keyset
from project_svc.adapters.tables import BudgetItemRow, ProjectRow, TaskOrderRow


async def get_project(session: AsyncSession, project_id: str, *, lock: bool = False) -> ProjectRow | None:
    stmt = select(ProjectRow).where(ProjectRow.id == project_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).first()


async def get_project_by_code(session: AsyncSession, code: str) -> ProjectRow | None:
    return (await session.exec(select(ProjectRow).where(ProjectRow.code == code))).first()


async def budget_items(session: AsyncSession, project_id: str) -> list[BudgetItemRow]:
    stmt = select(BudgetItemRow).where(BudgetItemRow.project_id == project_id).order_by(col(BudgetItemRow.category))
    return list((await session.exec(stmt)).all())


async def list_projects(
    session: AsyncSession, filters: dict[str, Any], cursor: str | None, limit: int
) -> list[ProjectRow]:
    stmt = select(ProjectRow)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(ProjectRow, name) == value)
    stmt = keyset(stmt, col(ProjectRow.created_at), col(ProjectRow.id), cursor, limit)
    return list((await session.exec(stmt)).all())


async def get_task_order(session: AsyncSession, task_order_id: str, *, lock: bool = False) -> TaskOrderRow | None:
    stmt = select(TaskOrderRow).where(TaskOrderRow.id == task_order_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).first()


async def task_orders_of(session: AsyncSession, project_id: str) -> list[TaskOrderRow]:
    return list((await session.exec(select(TaskOrderRow).where(TaskOrderRow.project_id == project_id))).all())


async def list_task_orders(
    session: AsyncSession, project_id: str, cursor: str | None, limit: int
) -> list[TaskOrderRow]:
    stmt = select(TaskOrderRow).where(TaskOrderRow.project_id == project_id)
    stmt = keyset(stmt, col(TaskOrderRow.created_at), col(TaskOrderRow.id), cursor, limit)
    return list((await session.exec(stmt)).all())
