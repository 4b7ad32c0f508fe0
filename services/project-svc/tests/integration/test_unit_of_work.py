"""The state change and its outbox row commit together or not at all (real database)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from expro_shared.db import Database
from expro_shared.events.contracts import LandType, ProjectRegistered
from expro_shared.tables import OutboxRecord
from project_svc.adapters.tables import ProjectRow
from project_svc.bootstrap import MIGRATIONS
from project_svc.service_layer import handlers

pytestmark = pytest.mark.db


def register(code: str) -> handlers.RegisterProject:
    return handlers.RegisterProject(
        code=code,
        name="城南片区旧城改造",
        land_type=LandType.STATE_OWNED,
        district="城南区",
        owner_unit="城投公司",
        planned_households=61,
        planned_area_m2="13716.00",
    )


async def test_the_outbox_row_is_committed_with_the_project(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    async with db.uow() as uow:
        project = await handlers.register_project(uow, register("ZS-1"), "alice")
        await uow.commit()
    assert db.outbox_signal.is_set(), "the relay is woken right after the commit"

    async with db.sessionmaker() as s:
        rows = (await s.exec(select(OutboxRecord))).all()
        assert (await s.get(ProjectRow, project.id)) is not None
    assert [r.event_type for r in rows] == [ProjectRegistered.TYPE]
    event = json.loads(rows[0].payload)
    assert rows[0].key == project.id == event["subject"]
    assert event["actor"] == "alice" and event["specversion"] == "1.0"
    assert event["data"]["owner_unit"] == "城投公司"
    assert rows[0].published_at is None


async def test_a_rolled_back_change_leaves_no_outbox_row(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    with pytest.raises(RuntimeError):
        async with db.uow() as uow:
            await handlers.register_project(uow, register("ZS-2"), "alice")
            raise RuntimeError("crash before commit")
    assert not db.outbox_signal.is_set()
    async with db.sessionmaker() as s:
        assert (await s.exec(select(OutboxRecord))).all() == []
        assert (await s.exec(select(ProjectRow))).all() == []


async def test_a_refused_command_writes_neither_state_nor_event(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    async with db.uow() as uow:
        await handlers.register_project(uow, register("ZS-3"), "alice")
        await uow.commit()
    with pytest.raises(Exception, match="already exists"):
        async with db.uow() as uow:
            await handlers.register_project(uow, register("ZS-3"), "bob")
            await uow.commit()
    async with db.sessionmaker() as s:
        assert len((await s.exec(select(OutboxRecord))).all()) == 1
