"""Queries of audit-svc. Repositories read and stage; they never commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit_svc.adapters.tables import AuditRecordRow, ChainHeadRow

HEAD_ID = 1


async def chain_head(session: AsyncSession, *, lock: bool = False) -> ChainHeadRow:
    """The chain head (seeded by the first migration); ``lock`` serialises sealing."""
    stmt = select(ChainHeadRow).where(ChainHeadRow.id == HEAD_ID)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).one()


async def get_record(session: AsyncSession, event_id: str) -> AuditRecordRow | None:
    return (await session.exec(select(AuditRecordRow).where(AuditRecordRow.event_id == event_id))).first()


async def list_records(
    session: AsyncSession, filters: dict[str, Any], after_seq: int | None, limit: int
) -> list[AuditRecordRow]:
    """Records in chain order after ``after_seq``, ``limit + 1`` of them (to know if more exist)."""
    stmt = select(AuditRecordRow)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(AuditRecordRow, name) == value)
    if after_seq is not None:
        stmt = stmt.where(col(AuditRecordRow.seq) > after_seq)
    stmt = stmt.order_by(col(AuditRecordRow.seq)).limit(limit + 1)
    return list((await session.exec(stmt)).all())


async def snapshot(session: AsyncSession) -> None:
    """Make the session's reads one consistent snapshot (head and every record alike).

    PostgreSQL needs REPEATABLE READ for that; SQLite's ``BEGIN IMMEDIATE`` already is one."""
    if session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


async def whole_chain(session: AsyncSession, batch: int = 1000) -> AsyncIterator[AuditRecordRow]:
    """Every record in chain order, read in batches so a long chain never sits in memory."""
    after = 0
    while True:
        stmt = select(AuditRecordRow).where(col(AuditRecordRow.seq) > after)
        rows = list((await session.exec(stmt.order_by(col(AuditRecordRow.seq)).limit(batch))).all())
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        after = rows[-1].seq or 0
        session.expunge_all()
