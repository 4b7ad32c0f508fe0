"""Migration 0002 on a database that already holds deposits (real database): every deposit
gets its comparison key, and a transfer recorded twice before the fix keeps both rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from expro_shared.db import Database
from fund_svc.bootstrap import MIGRATIONS
from tests.support import upgrade_to

pytestmark = pytest.mark.db


async def test_existing_deposits_get_keys_and_old_twins_stay_findable(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "0001"))
            await conn.execute(
                text(
                    "INSERT INTO accounts (project_id, owner_unit, land_type, created_at, updated_at) "
                    "VALUES ('p', 'o', 'state_owned', :t, :t)"
                ),
                {"t": datetime(2022, 3, 15, tzinfo=UTC)},
            )
            for i, ref in enumerate(["ICBC-1", "icbc-1", "ＢＯＣ-7"]):
                await conn.execute(
                    text(
                        "INSERT INTO deposits (id, project_id, amount_fen, bank_reference, payer, received_at, "
                        "recorded_by, created_at) VALUES (:id, 'p', 100, :ref, 'o', :t, 'f', :t)"
                    ),
                    {"id": f"d{i}", "ref": ref, "t": datetime(2022, 3, 15, 0, 0, i, tzinfo=UTC)},
                )
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "head"))
            rows = (await conn.execute(text("SELECT id, bank_reference_key FROM deposits ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [("d0", "icbc-1"), ("d1", "icbc-1#dup-d1"), ("d2", "boc-7")]
    finally:
        await db.dispose()
