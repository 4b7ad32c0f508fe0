"""The state change and its outbox row commit together or not at all (real database)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from expro_shared.db import Database, UncommittedWork
from expro_shared.events.project import ProjectRegistered
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import LandType
from project_svc.bootstrap import MIGRATIONS
from project_svc.projects import handlers
from project_svc.projects.commands import RegisterProject
from project_svc.projects.tables import ProjectRow
from project_svc.uow import ProjectUnitOfWork

pytestmark = pytest.mark.db


def uow(db: Database, actor: str) -> ProjectUnitOfWork:
    return ProjectUnitOfWork(db, source="/project-svc", actor=actor)


def register(code: str) -> RegisterProject:
    return RegisterProject(
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
    async with uow(db, "alice") as u:
        project = await handlers.register_project(u, register("ZS-1"))
        await u.commit()
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
        async with uow(db, "alice") as u:
            await handlers.register_project(u, register("ZS-2"))
            raise RuntimeError("crash before commit")
    assert not db.outbox_signal.is_set()
    async with db.sessionmaker() as s:
        assert (await s.exec(select(OutboxRecord))).all() == []
        assert (await s.exec(select(ProjectRow))).all() == []


async def test_a_refused_command_writes_neither_state_nor_event(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    async with uow(db, "alice") as u:
        await handlers.register_project(u, register("ZS-3"))
        await u.commit()
    with pytest.raises(Exception, match="already exists"):
        async with uow(db, "bob") as u:
            await handlers.register_project(u, register("ZS-3"))
            await u.commit()
    async with db.sessionmaker() as s:
        assert len((await s.exec(select(OutboxRecord))).all()) == 1


async def test_a_forgotten_commit_raises_instead_of_rolling_back_silently(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    with pytest.raises(UncommittedWork):
        async with uow(db, "alice") as u:
            await handlers.register_project(u, register("ZS-4"))
    async with db.sessionmaker() as s:
        assert (await s.exec(select(ProjectRow))).all() == []


async def test_a_read_only_unit_of_work_needs_no_commit(migrated_db) -> None:
    db: Database = await migrated_db(MIGRATIONS)
    async with uow(db, "alice") as u:
        assert await u.projects.get("ZS-5") is None


async def test_writes_after_the_last_commit_raise_too(migrated_db) -> None:
    """A commit ends what was pending, not the duty to commit: what is written after it and
    never committed raises like any forgotten commit."""
    db: Database = await migrated_db(MIGRATIONS)
    with pytest.raises(UncommittedWork):
        async with uow(db, "alice") as u:
            await handlers.register_project(u, register("ZS-6"))
            await u.commit()
            await handlers.register_project(u, register("ZS-7"))
    async with db.sessionmaker() as s:
        assert [p.code for p in (await s.exec(select(ProjectRow))).all()] == ["ZS-6"]
        assert len((await s.exec(select(OutboxRecord))).all()) == 1


async def test_concurrent_registrations_of_one_code_make_one_project_and_named_refusals(migrated_db) -> None:
    """Two registrations of the same code at once: one project, the others ProjectCodeTaken
    (on PostgreSQL both used to pass the lookup and the loser got a 500)."""
    import asyncio

    from expro_shared.problems import ProblemError

    db: Database = await migrated_db(MIGRATIONS)

    async def one() -> str:
        try:
            async with uow(db, "alice") as u:
                await handlers.register_project(u, register("ZS-RACE"))
                await u.commit()
            return "created"
        except ProblemError as exc:
            return exc.slug

    outcomes = await asyncio.gather(*(one() for _ in range(8)))
    assert sorted(outcomes) == ["created"] + ["project-code-taken"] * 7
    async with db.sessionmaker() as s:
        assert len((await s.exec(select(ProjectRow))).all()) == 1
        assert len((await s.exec(select(OutboxRecord))).all()) == 1
