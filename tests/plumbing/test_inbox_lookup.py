"""A consumer's batch asks the inbox which of its events it handled already: that lookup
keeps both columns of the inbox key in its index condition, in the generic plan too.

PostgreSQL switches a prepared statement to its generic plan after a few executions; with
an IN list, that plan matched the key on ``consumer`` alone and filtered every inbox row of
the consumer (238 ms per batch at 100,000 rows: audit-svc's ingest of a 100,000-event burst
fell to 519/s). ``= ANY(array)`` keeps ``event_id`` in the index condition."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from audit_svc.bootstrap import MIGRATIONS
from expro_shared.consumer import handled_already
from expro_shared.db import Database
from expro_shared.tables import InboxRecord

pytestmark = pytest.mark.db


async def test_the_inbox_lookup_uses_the_whole_key_even_as_a_generic_plan(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [{"consumer": "c", "event_id": f"e-{i}", "event_type": "t", "processed_at": now} for i in range(3000)]
    async with db.engine.begin() as conn:
        await conn.execute(sa.insert(InboxRecord.__table__), rows)  # type: ignore[attr-defined]
    if not db.is_sqlite:
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql("ANALYZE inbox")  # the statistics a live inbox has
    stmt = handled_already("c", ["e-5", "e-2999", "unknown"], db.dialect)
    async with db.engine.connect() as conn:
        if db.is_sqlite:
            sql = str(stmt.compile(conn.engine, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(str(r[-1]) for r in (await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)).all())
            assert "consumer=? AND event_id=?" in plan, plan
        else:
            await conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            raw = await conn.get_raw_connection()
            sql = str(stmt.compile(conn.engine))  # $1, $2 … as the service sends it
            await raw.driver_connection.execute(f"PREPARE lookup AS {sql}")  # type: ignore[union-attr]
            plan = "\n".join(
                r[0]
                for r in await raw.driver_connection.fetch(  # type: ignore[union-attr]
                    "EXPLAIN EXECUTE lookup('c', ARRAY['e-5', 'e-2999', 'unknown'])"
                )
            )
            assert "event_id = ANY" in plan and "Filter" not in plan, plan
        found = {r[0] for r in (await conn.execute(stmt)).all()}
    assert found == {"e-5", "e-2999"}


async def test_postgresql_plans_every_statement_for_its_own_parameters(database_url: str) -> None:
    """A generic plan made while a table was small and had no statistics stays for the
    connection's life (the inbox lookup, before: every row of the consumer filtered per
    batch); the services plan each statement for its parameters and the table as it is."""
    db = Database(database_url)
    try:
        if db.is_sqlite:
            pytest.skip("SQLite has no plan cache across statements")
        async with db.engine.connect() as conn:
            assert (await conn.exec_driver_sql("SHOW plan_cache_mode")).scalar_one() == "force_custom_plan"
    finally:
        await db.dispose()
