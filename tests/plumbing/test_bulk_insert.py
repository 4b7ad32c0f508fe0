"""``insert_rows``: the hot paths' multi-row INSERTs (outbox, inbox, audit records, Merkle
nodes) handed to the driver's executemany with the values already in the driver's form,
past SQLAlchemy's per-row, per-parameter processing. What they store must be exactly what
SQLAlchemy would have stored: read back through the same tables, every value is equal,
datetimes included (UTC, microseconds kept), on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from expro_shared.db import Database, UnitOfWork, execute, insert_into, insert_rows
from expro_shared.migrations import migrate
from expro_shared.tables import InboxRecord, OutboxRecord
from fund_svc.bootstrap import MIGRATIONS

pytestmark = pytest.mark.db
OUTBOX = OutboxRecord.__table__  # type: ignore[attr-defined]
INBOX = InboxRecord.__table__  # type: ignore[attr-defined]
CST = timezone(timedelta(hours=8))


def outbox_rows(prefix: str) -> list[dict[str, object]]:
    times = [
        datetime(2022, 3, 15, 10, 30, 0, 123456, tzinfo=CST),
        datetime(2022, 3, 15, 2, 30, tzinfo=UTC),  # no microseconds
        datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),  # a year of three digits
    ]
    return [
        {
            "event_id": f"{prefix}-{i}",
            "topic": "expro.fund.events",
            "key": "p-1",
            "event_type": "expro.fund.deposit_recorded.v1",
            "payload": '{"n":"征收安置 ✓"}',
            "created_at": at,
            "attempts": i,
        }
        for i, at in enumerate(times)
    ]


async def read_back(db: Database, prefix: str) -> list[tuple[object, ...]]:
    cols = [OUTBOX.c[k] for k in ("event_id", "topic", "key", "event_type", "payload", "created_at", "attempts")]
    async with db.engine.connect() as conn:
        stmt = sa.select(*cols).where(OUTBOX.c.event_id.like(f"{prefix}-%")).order_by(OUTBOX.c.event_id)
        return [tuple(r) for r in (await conn.execute(stmt)).all()]


async def test_rows_inserted_past_sqlalchemy_read_back_as_sqlalchemy_would_store_them(database_url: str) -> None:
    db = Database(database_url)
    try:
        await migrate(db, MIGRATIONS)
        async with UnitOfWork(db, source="/test", actor="t") as uow:
            await execute(uow.session, insert_into(OUTBOX), outbox_rows("core"))
            await insert_rows(uow.session, OUTBOX, outbox_rows("bulk"))
            await insert_rows(uow.session, INBOX, [])  # nothing to write: no statement
            await uow.commit()
        core, bulk = await read_back(db, "core"), await read_back(db, "bulk")
        assert len(bulk) == 3
        assert [r[1:] for r in bulk] == [r[1:] for r in core]
        assert [r[5] for r in bulk] == [at.astimezone(UTC) for at in (r["created_at"] for r in outbox_rows("x"))]
        # and in the database's own text or timestamp form, byte for byte the same
        async with db.engine.connect() as conn:
            raw = (await conn.execute(sa.text("SELECT event_id, created_at FROM outbox ORDER BY event_id"))).all()
        by_id = {r[0]: r[1] for r in raw}
        assert [by_id[f"bulk-{i}"] for i in range(3)] == [by_id[f"core-{i}"] for i in range(3)]
    finally:
        await db.dispose()


async def test_a_naive_datetime_is_refused_as_sqlalchemy_refuses_it(database_url: str) -> None:
    db = Database(database_url)
    try:
        await migrate(db, MIGRATIONS)
        rows = outbox_rows("naive")
        rows[0]["created_at"] = datetime(2022, 3, 15, 10, 30)
        async with UnitOfWork(db, source="/test", actor="t") as uow:
            with pytest.raises(ValueError, match="naive"):
                await insert_rows(uow.session, OUTBOX, rows)
            await uow.rollback()
    finally:
        await db.dispose()
