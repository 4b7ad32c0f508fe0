"""The hot paths' Core statements (``execute``, ``insert_rows``) ask the session for its
connection once per transaction, not once per statement: each ask is a greenlet switch and
the session's state checks (7 % of fund-svc's CPU per deposit). The connection they keep must
be the transaction's: after a commit or a rollback the next statement runs in a new one, and
what was rolled back is gone. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import Database, UnitOfWork, execute, insert_rows

pytestmark = pytest.mark.db

metadata = sa.MetaData()
notes = sa.Table(
    "conn_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.String(40), nullable=False),
)


@pytest.fixture
def asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """One entry per ``AsyncSession.connection()`` call."""
    seen: list[int] = []
    ask = AsyncSession.connection

    async def counted(self: AsyncSession, *args: object, **kwargs: object) -> object:
        seen.append(1)
        return await ask(self, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "connection", counted)
    yield seen


async def stored(db: Database) -> list[tuple[int, str]]:
    async with db.engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(sa.select(notes).order_by(notes.c.id))).all()]  # type: ignore[misc]


async def test_statements_of_one_transaction_ask_for_the_connection_once(database_url: str, asks: list[int]) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        async with UnitOfWork(db, source="/test", actor="t") as uow:
            await execute(uow.session, notes.insert().values(id=1, text="a"))
            await insert_rows(uow.session, notes, [{"id": 2, "text": "b"}, {"id": 3, "text": "c"}])
            await execute(uow.session, notes.update().where(notes.c.id == 1).values(text="A"))
            assert len(asks) == 1
            await uow.commit()
            # a new transaction: asked again, once
            await execute(uow.session, notes.insert().values(id=4, text="d"))
            await execute(uow.session, notes.delete().where(notes.c.id == 2))
            assert len(asks) == 2
            await uow.rollback()
            await execute(uow.session, notes.insert().values(id=5, text="e"))
            assert len(asks) == 3
            await uow.commit()
        assert await stored(db) == [(1, "A"), (2, "b"), (3, "c"), (5, "e")]
    finally:
        await db.dispose()


async def test_a_unit_of_work_left_with_an_error_rolls_back_what_its_statements_wrote(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        with pytest.raises(RuntimeError):
            async with UnitOfWork(db, source="/test", actor="t") as uow:
                await execute(uow.session, notes.insert().values(id=1, text="a"))
                await insert_rows(uow.session, notes, [{"id": 2, "text": "b"}])
                raise RuntimeError("refused")
        async with UnitOfWork(db, source="/test", actor="t") as uow:  # a new session, a new connection
            await execute(uow.session, notes.insert().values(id=3, text="c"))
            await uow.commit()
        assert await stored(db) == [(3, "c")]
    finally:
        await db.dispose()
