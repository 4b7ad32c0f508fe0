"""SQLite statements take one trip to aiosqlite's worker thread each.

With one connection (``Database`` keeps SQLite to one, so writers queue on the pool), a
transaction holds the database for as long as its statements take, and every trip to the
worker thread waits behind whatever else the event loop is running. SQLAlchemy's stock
aiosqlite adapter makes three or four trips per statement (open a cursor, execute, fetch,
close); ``Database`` makes one, and a unit of work's outbox rows ride on its commit's trip.
What the statements return must not change: rows,
``RETURNING``, row counts, the last row id, ``executemany`` and the driver's errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import sqlalchemy as sa

from expro_shared.db import Database, UnitOfWork, execute
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import DepositRecorded
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import Money

pytestmark = pytest.mark.db

metadata = sa.MetaData()
items = sa.Table(
    "trip_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),
    sa.Column("amount", sa.Integer, nullable=False),
)


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of every function aiosqlite's worker thread is handed, in order."""
    seen: list[str] = []
    handed = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await handed(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield seen


async def test_each_statement_is_one_trip_to_the_worker_thread(tmp_path: Path, trips: list[str]) -> None:
    db = Database(f"sqlite:///{tmp_path / 'trips.db'}")
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        trips.clear()
        async with db.engine.begin() as conn:  # BEGIN IMMEDIATE, 4 statements, COMMIT
            await conn.execute(items.insert(), [{"name": "a", "amount": 1}, {"name": "b", "amount": 2}])
            row = (await conn.execute(items.insert().values(name="c", amount=3).returning(items.c.id))).one()
            updated = await conn.execute(items.update().where(items.c.amount >= 2).values(amount=items.c.amount + 10))
            listed = (await conn.execute(sa.select(items.c.name, items.c.amount).order_by(items.c.id))).all()
        assert trips == ["_statement"] * 5 + ["_end"], trips  # no rollback after the commit
        assert row.id == 3
        assert updated.rowcount == 2
        assert [tuple(r) for r in listed] == [("a", 1), ("b", 12), ("c", 13)]
    finally:
        await db.dispose()


async def test_what_statements_return_is_what_the_driver_returns(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'results.db'}")
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            many = await conn.execute(items.insert(), [{"name": f"n{i}", "amount": i} for i in range(5)])
            one = await conn.execute(items.insert().values(name="last", amount=9))
            returned = (
                await conn.execute(
                    items.update().where(items.c.amount > 2).values(amount=0).returning(items.c.name, items.c.amount)
                )
            ).all()
            empty = await conn.execute(sa.select(items.c.id).where(items.c.name == "nobody"))
            nothing = await conn.execute(items.delete().where(items.c.name == "nobody"))
        assert many.rowcount == 5
        assert one.inserted_primary_key == (6,)
        assert sorted(tuple(r) for r in returned) == [("last", 0), ("n3", 0), ("n4", 0)]
        assert empty.all() == [] and list(empty.keys()) == ["id"]
        assert nothing.rowcount == 0
        with pytest.raises(sa.exc.IntegrityError):
            async with db.engine.begin() as conn:
                await conn.execute(items.insert().values(name="n0", amount=1))
        async with db.engine.connect() as conn:  # the failed transaction left nothing behind
            assert (await conn.execute(sa.select(sa.func.count()).select_from(items))).scalar_one() == 6
        with pytest.raises(RuntimeError):  # a transaction left midway is rolled back
            async with db.engine.begin() as conn:
                await conn.execute(items.insert().values(name="abandoned", amount=1))
                raise RuntimeError("midway")
        async with db.engine.connect() as conn:
            assert (await conn.execute(sa.select(items.c.id).where(items.c.name == "abandoned"))).all() == []
        with pytest.raises(sa.exc.OperationalError):
            async with db.engine.connect() as conn:
                await conn.execute(sa.text("SELECT * FROM no_such_table"))
    finally:
        await db.dispose()


async def _outbox_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'outbox.db'}")
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.run_sync(OutboxRecord.__table__.create)  # type: ignore[attr-defined]
    return db


def _deposit(n: int) -> DepositRecorded:
    return DepositRecorded(
        project_id="p-1",
        deposit_id=f"d-{n}",
        amount=Money(100),
        bank_reference=f"B-{n}",
        deposited_total=Money(100 * n),
    )


async def _outbox(db: Database) -> list[tuple[str, str]]:
    async with db.engine.connect() as conn:
        stmt = sa.select(OutboxRecord.event_id, OutboxRecord.payload).order_by(OutboxRecord.seq)  # type: ignore[arg-type]
        return [(r.event_id, r.payload) for r in (await conn.execute(stmt)).all()]


async def _published(db: Database, n: int) -> CloudEvent:
    """Deposit ``n``'s event, emitted by a unit of work of its own and committed."""
    async with UnitOfWork(db, source="/test", actor="t") as uow:
        event = uow.emit(_deposit(n))
        await uow.commit()
    return event


async def _names(db: Database) -> list[str]:
    async with db.engine.connect() as conn:
        return list((await conn.execute(sa.select(items.c.name).order_by(items.c.id))).scalars())


async def test_a_unit_of_works_outbox_rows_are_written_on_its_commits_trip(tmp_path: Path, trips: list[str]) -> None:
    """A command's transaction: BEGIN IMMEDIATE, its statement, then its events' outbox rows
    and the COMMIT in one trip (the deposit's hot path: a trip costs ~160 µs of CPU here)."""
    db = await _outbox_db(tmp_path)
    try:
        trips.clear()
        async with UnitOfWork(db, source="/test", actor="t") as uow:
            await execute(uow.session, items.insert().values(name="a", amount=1))
            first = uow.emit(_deposit(1))
            second = uow.emit(_deposit(2))
            await uow.commit()
        assert trips == ["_statement", "_statement", "_end"], trips
        assert [e for e, _ in await _outbox(db)] == [first.id, second.id]  # in emit order
        assert (await _outbox(db))[0][1] == first.to_json()
        assert await _names(db) == ["a"]
    finally:
        await db.dispose()


async def test_outbox_rows_refused_at_the_commit_roll_the_whole_unit_of_work_back(tmp_path: Path) -> None:
    db = await _outbox_db(tmp_path)
    try:
        published = await _published(db, 1)
        with pytest.raises(sa.exc.IntegrityError):
            async with UnitOfWork(db, source="/test", actor="t") as uow:
                await execute(uow.session, items.insert().values(name="lost", amount=1))
                uow._stage(published, "expro.fund.events")  # its event id is taken: the commit fails
                await uow.commit()
        async with UnitOfWork(db, source="/test", actor="t") as uow:  # the same (only) connection
            await execute(uow.session, items.insert().values(name="kept", amount=2))
            later = uow.emit(_deposit(2))
            await uow.commit()
        assert await _names(db) == ["kept"]
        assert [e for e, _ in await _outbox(db)] == [published.id, later.id]
    finally:
        await db.dispose()


async def test_outbox_rows_of_a_commit_that_fails_before_the_driver_commits_are_never_written(
    tmp_path: Path,
) -> None:
    """The session's flush fails first: the outbox rows staged for the commit's trip must
    not wait on the connection for the next transaction to write them."""
    db = await _outbox_db(tmp_path)
    try:
        published = await _published(db, 1)
        with pytest.raises(sa.exc.IntegrityError):
            async with UnitOfWork(db, source="/test", actor="t") as uow:
                failed = uow.emit(_deposit(2))
                uow.session.add(  # flushed by the commit, before the driver's COMMIT: refused
                    OutboxRecord(
                        event_id=published.id,
                        topic="t",
                        key="k",
                        event_type="t",
                        payload="{}",
                        created_at=published.time,
                    )
                )
                await uow.commit()
        later = await _published(db, 3)
        ids = [e for e, _ in await _outbox(db)]
        assert failed.id not in ids
        assert ids == [published.id, later.id]
    finally:
        await db.dispose()
