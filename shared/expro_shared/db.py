"""Async database access and the unit of work.

SQLite files (aiosqlite) by default, PostgreSQL (asyncpg) when a URL says so; the same
SQLAlchemy code serves both. One unit of work = one transaction: the state change and
its outbox rows commit together or not at all, and repositories never commit.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.events.envelope import CloudEvent

#: An auto-incrementing 64-bit key on PostgreSQL that is still SQLite's rowid alias.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite returns naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite://`` URLs and pick the async driver."""
    for plain, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


class Database:
    """Engine, sessions, and the signal that wakes the outbox relay after a commit."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            path = self.url.split(":///", 1)[1] if ":///" in self.url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _sqlite_serializable(self.engine)
        self.sessionmaker = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        self.outbox_signal = asyncio.Event()

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_serializable(engine: AsyncEngine) -> None:
    """SQLite: WAL, foreign keys, and ``BEGIN IMMEDIATE`` so writers serialise up front.

    pysqlite's own deferred BEGIN lets two transactions read the same balance and both
    write; taking the write lock at BEGIN makes each unit of work serialisable.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class UnitOfWork:
    """One transaction. Rolls back unless ``commit()`` was called; wakes the relay after commit."""

    session: AsyncSession

    def __init__(self, db: Database) -> None:
        self._db = db
        self._has_events = False
        self._committed = False

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._db.sessionmaker()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    def publish(self, event: CloudEvent, topic: str) -> None:
        """Write ``event`` to the outbox in this transaction (the relay sends it after commit)."""
        from expro_shared.tables import OutboxRecord

        self.session.add(
            OutboxRecord(
                event_id=event.id,
                topic=topic,
                key=event.subject,
                event_type=event.type,
                payload=event.to_json(),
                created_at=utcnow(),
            )
        )
        self._has_events = True

    async def commit(self) -> None:
        await self.session.commit()
        self._committed = True
        if self._has_events:
            self._db.outbox_signal.set()

    async def rollback(self) -> None:
        await self.session.rollback()
