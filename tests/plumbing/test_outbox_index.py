"""The relay's query of unpublished rows reads an index of unpublished rows only.

On PostgreSQL the planner, before statistics caught up with a burst, walked the primary key
through every published row to find the few unpublished ones (100,000 rows filtered per
sweep: audit-svc's ingest of a 100,000-event burst fell to 519/s). The partial index
``ix_outbox_unpublished`` (seq WHERE published_at IS NULL) holds only what waits, in order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from audit_svc.bootstrap import MIGRATIONS as AUDIT
from expro_shared.db import Database
from expro_shared.outbox import unpublished
from expro_shared.tables import OutboxRecord
from fund_svc.bootstrap import MIGRATIONS as FUND
from housing_svc.bootstrap import MIGRATIONS as HOUSING
from project_svc.bootstrap import MIGRATIONS as PROJECT

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    "migrations", [PROJECT, FUND, HOUSING, AUDIT], ids=["project-svc", "fund-svc", "housing-svc", "audit-svc"]
)
async def test_the_relay_reads_only_the_unpublished_rows_through_their_index(migrated_db, migrations) -> None:
    db: Database = await migrated_db(migrations)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        {
            "event_id": f"e-{i}",
            "topic": "t",
            "key": "k",
            "event_type": "e",
            "payload": "{}",
            "created_at": now,
            "published_at": None if i >= 2990 else now,
            "attempts": 0,
        }
        for i in range(3000)
    ]
    async with db.engine.begin() as conn:
        await conn.execute(sa.insert(OutboxRecord.__table__), rows)  # type: ignore[attr-defined]
    stmt = unpublished(100)
    async with db.engine.connect() as conn:
        sql = str(stmt.compile(conn.engine, compile_kwargs={"literal_binds": True}))
        explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
        plan = "\n".join(str(row[-1]) for row in (await conn.exec_driver_sql(explain + sql)).all())
        waiting = (await conn.execute(stmt)).all()
    if db.is_sqlite:  # SQLite keeps equal index keys in rowid (seq) order: either index serves
        assert "SCAN" not in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert "ix_outbox_unpublished" in plan, plan
    assert [r.seq for r in waiting] == list(range(2991, 3001))  # the rows e-2990 … e-2999, in order
