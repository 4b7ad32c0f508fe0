"""Async database access and the unit of work.

SQLite files (aiosqlite) by default, PostgreSQL (asyncpg) when a URL says so; the same
SQLAlchemy code serves both. One unit of work = one transaction: the state change and
its outbox rows commit together or not at all, and repositories never commit.
"""

from __future__ import annotations

import asyncio
import functools
import operator
import os
import random
import signal
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import BigInteger, DateTime, Integer, any_, bindparam, event, text
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.types import TypeDecorator
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.sqlite import one_trip_dbapi

if TYPE_CHECKING:
    from expro_shared.auth import Principal
    from expro_shared.events.base import EventData

#: An auto-incrementing 64-bit key on PostgreSQL that is still SQLite's rowid alias.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


#: The key under which a session's ``info`` names its unit of work.
_UOW = "expro.unit_of_work"
#: The key under which a session's ``info`` keeps its open transaction's connection.
_CONNECTION = "expro.connection"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite returns naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

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


def one_of(column: Any, values: Sequence[Any], dialect: str) -> Any:
    """``column IN values`` — on PostgreSQL as ``= ANY(one array parameter)``: one statement
    shape whatever the number of values, and a generic plan that keeps the column in its
    index condition (with an IN list, the inbox lookup's generic plan matched the key's first
    column only and filtered every row of the consumer)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(list(values))


async def execute(session: AsyncSession, stmt: Any, params: Any = None) -> Any:
    """Run a Core statement on the session's transaction, past the ORM's execution layer
    (its compile state, events and identity map): the hot paths' statements, which read
    and write plain rows. A write marks the session's unit of work as holding writes, like
    the ORM listeners below do for ORM statements."""
    if getattr(stmt, "is_dml", False):
        _mark_written(session.sync_session)
    conn = await transaction_connection(session)
    return await conn.execute(stmt, params)


async def transaction_connection(session: AsyncSession) -> AsyncConnection:
    """The connection of the session's transaction (beginning one if none is open), kept in
    the session's ``info`` until the transaction ends: asking the session each time is a
    greenlet switch and its state checks per statement."""
    info = session.sync_session.info
    conn: AsyncConnection | None = info.get(_CONNECTION)
    if conn is None:
        conn = info[_CONNECTION] = await session.connection()
    return conn


def for_update(stmt: Any, *, of: Any = None) -> Any:
    """``SELECT … FOR UPDATE`` that also refreshes rows this session already holds.

    Without ``populate_existing`` a row read earlier in the same session comes back as the
    stale object from the identity map even though the lock waited for a concurrent
    commit; the caller would then decide on old values (a refund approved twice). On
    SQLite ``FOR UPDATE`` is not rendered: ``BEGIN IMMEDIATE`` already serialises writers."""
    return stmt.with_for_update(of=of).execution_options(populate_existing=True)


class Repository:
    """Base of every repository: reads and stages on the unit of work's session, never commits.

    A repository of org-scoped rows names its ``model`` and overrides ``readable(principal)``
    (polar's pattern): the one filter of what a caller may see, used by ``_get`` and by every
    list, so no route checks an organisation by hand."""

    model: Any = None

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        """The database's dialect name (``sqlite``, ``postgresql``), for dialect-specific SQL."""
        return str(self.session.get_bind().dialect.name)

    def readable(self, principal: Principal) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no readable(principal) filter")

    async def _get(self, where: Any, *, principal: Principal | None = None, lock: bool = False) -> Any:
        """The one row matching ``where`` that ``principal`` (when given) may see; ``lock``
        takes the row's lock (FOR UPDATE OF the model's table, refreshed)."""
        stmt = (self.readable(principal) if principal is not None else select(self.model)).where(where)
        if lock:
            stmt = for_update(stmt, of=self.model)
        return (await self.session.exec(stmt)).first()

    async def _first(self, stmt: Any, *, lock: bool = False) -> Any:
        if lock:
            stmt = for_update(stmt)
        return (await self.session.exec(stmt)).first()

    async def _readable_page(
        self, principal: Principal, filters: dict[str, Any], pages: Any, cursor: str | None, limit: int
    ) -> list[Any]:
        """A page of the rows ``principal`` may read, narrowed by the ``filters`` that are set
        (column name → value), in the order of the ``pages`` keyset."""
        stmt = self.readable(principal)
        for name, value in filters.items():
            if value is not None:
                stmt = stmt.where(getattr(self.model, name) == value)
        return await self._all(pages.apply(stmt, cursor, limit))

    async def _all(self, stmt: Any) -> list[Any]:
        return list((await self.session.exec(stmt)).all())

    def add(self, *rows: Any) -> None:
        self.session.add_all(rows)

    async def _execute(self, stmt: Any, params: Any = None) -> Any:
        """A Core statement on this unit of work's transaction (no ORM layer; see ``execute``)."""
        return await execute(self.session, stmt, params)

    async def _insert_unless_taken(self, row: Any) -> bool:
        """Insert ``row`` now, unless a unique constraint already holds its values; False
        then. Uniqueness is the constraint's, in one statement (``INSERT … ON CONFLICT DO
        NOTHING RETURNING``), never a lookup first, and the transaction stays usable."""
        table = type(row).__table__
        values = {column.name: getattr(row, column.key) for column in table.columns}
        result = await self._execute(_insert_unless_taken_stmt(table, self.dialect), values)
        return result.first() is not None


@functools.cache
def insert_into(table: Any) -> Any:
    """``INSERT INTO table``, built once per table and reused: a fresh statement per write
    costs its construction and a walk for SQLAlchemy's cache key every time."""
    return sa_insert(table)


def _sqlite_datetime(value: datetime | None) -> str | None:
    """A UTC datetime as SQLAlchemy's SQLite ``DATETIME`` stores it (what ``UTCDateTime``
    binds there): naive UTC text, always six digits of microseconds."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; give a timezone")
    v = value.astimezone(UTC)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 (SQLAlchemy's own format)
        v.year,
        v.month,
        v.day,
        v.hour,
        v.minute,
        v.second,
        v.microsecond,
    )


def _postgresql_datetime(value: datetime | None) -> datetime | None:
    """A UTC datetime as ``UTCDateTime`` binds it on PostgreSQL (timestamptz)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; give a timezone")
    return value.astimezone(UTC)


@functools.cache
def _bulk_insert(table: Any, dialect: Dialect, keys: tuple[str, ...]) -> tuple[str, tuple[tuple[int, Any], ...]]:
    """``INSERT INTO table (keys) VALUES (…)`` compiled once for the dialect's driver, and the
    positions of its ``UTCDateTime`` values with their converter to the driver's form."""
    sql = sa_insert(table).compile(dialect=dialect, column_keys=list(keys), for_executemany=True).string
    to_driver = _sqlite_datetime if dialect.name == "sqlite" else _postgresql_datetime
    converted = tuple((i, to_driver) for i, k in enumerate(keys) if isinstance(table.c[k].type, UTCDateTime))
    return sql, converted


async def insert_rows(
    session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]], *, at_commit: bool = False
) -> None:
    """Insert ``rows`` (column → value, the same columns in each) in the session's transaction
    as one executemany of the driver, the values already in the driver's form: the hot paths'
    bulk writes (outbox, inbox, audit records, Merkle nodes) skip SQLAlchemy's processing of
    every parameter of every row (a fifth of audit-svc's CPU per sealed event). Only
    ``UTCDateTime`` needs converting there; every other column of these tables takes its
    Python value as is, in both drivers.

    ``at_commit``, for rows nothing reads before the commit (outbox rows), called right
    before committing: on SQLite they are written on the commit's own trip to the driver's
    thread (``OneTripConnection.write_at_commit``), not on one of their own; elsewhere at once."""
    if not rows:
        return
    _mark_written(session.sync_session)
    conn = await transaction_connection(session)
    keys = tuple(rows[0])
    sql, converted = _bulk_insert(table, conn.dialect, keys)
    values = operator.itemgetter(*keys)
    params: list[tuple[Any, ...]] = []
    for row in rows:
        vals = values(row)
        if len(keys) == 1:
            vals = (vals,)
        if converted:
            listed = list(vals)
            for i, to_driver in converted:
                listed[i] = to_driver(listed[i])
            vals = tuple(listed)
        params.append(vals)
    sync = conn.sync_connection
    stage = (
        getattr(sync.connection.dbapi_connection, "write_at_commit", None) if at_commit and sync is not None else None
    )
    if stage is not None:
        stage(sql, params)
    else:
        await conn.exec_driver_sql(sql, params)


@functools.cache
def _insert_unless_taken_stmt(table: Any, dialect: str) -> Any:
    """One statement per table and dialect, its values bound per call: SQLAlchemy's compiled
    cache hits at once instead of keying a new statement per row."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)


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
            kwargs["module"] = one_trip_dbapi()  # one trip to aiosqlite's thread per statement
            # One connection: every transaction begins IMMEDIATE (takes the write lock), so
            # a second connection could only wait in SQLite's busy handler, which sleeps in
            # steps of up to 100 ms (32 concurrent deposits: p99 over 5 s). Queueing on the
            # pool instead hands the connection on the moment a transaction ends.
            kwargs.update(pool_size=1, max_overflow=0, pool_timeout=60)
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
            # Plan every statement for its own parameters. asyncpg prepares statements, and
            # PostgreSQL then settles on a generic plan; one made while a table was small and
            # had no statistics (autovacuum off, or not yet run) stays for the connection's
            # life: the inbox lookup kept filtering every row of its consumer as the inbox
            # grew (make bench: audit ingest 519/s, a backend at 100 % CPU).
            kwargs["connect_args"] = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        #: The dialect name (``sqlite``, ``postgresql``), for dialect-specific SQL.
        self.dialect: str = self.engine.dialect.name
        if self.is_sqlite:
            _sqlite_serializable(self.engine)
        self.sessionmaker = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        self.outbox_signal = asyncio.Event()
        #: Fault injection (reliability suite only): chance to die right after a commit.
        self.crash_after_commit = 0.0

    def after_commit(self) -> None:
        """Die here, now and then, when the reliability suite asks for it: the commit is
        durable, its answer (or Kafka offset) is not, so retries and redelivery must cope."""
        if self.crash_after_commit and random.random() < self.crash_after_commit:
            os.write(2, b'{"event": "fault injected: SIGKILL right after a commit"}\n')
            os.kill(os.getpid(), signal.SIGKILL)

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


# Registered once for every session, not per unit of work (a per-instance listener costs
# a dispatch set-up on every request): a flush or a DML statement marks the unit of work
# as holding writes, so leaving it without a commit raises.
def _mark_written(session: OrmSession) -> None:
    """The session's unit of work (if it is one's) now holds writes."""
    uow = session.info.get(_UOW)
    if uow is not None:
        uow._wrote = True


@event.listens_for(OrmSession, "after_flush")
def _written_by_flush(session: OrmSession, _: Any) -> None:
    _mark_written(session)


@event.listens_for(OrmSession, "do_orm_execute")
def _written_by_statement(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _mark_written(state.session)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_connection(session: OrmSession, transaction: Any) -> None:
    """The transaction ended (commit, rollback, close; a savepoint too, harmlessly): the
    connection ``transaction_connection`` kept is no longer its."""
    session.info.pop(_CONNECTION, None)


class UncommittedWork(RuntimeError):
    """A unit of work was left with writes it never committed: a handler forgot ``commit()``."""


class UnitOfWork:
    """One transaction of one service. Rolls back unless ``commit()`` was called; leaving it
    without an error but with uncommitted writes raises ``UncommittedWork`` (a forgotten
    commit is a bug, not a silent rollback). Wakes the relay after a commit that emitted.

    ``emit`` writes an event to the outbox in this transaction, stamped with the service's
    ``source`` and the ``actor`` the unit of work acts for. A service subclasses this to hang
    its repositories off it (``bind``), so handlers reach data only through ``uow.<repo>``
    and handler tests can hand them a fake unit of work instead.
    """

    session: AsyncSession

    def __init__(self, db: Database | None, *, source: str, actor: str) -> None:
        self._db = db
        self.source = source
        self.actor = actor
        self.emitted: list[CloudEvent] = []
        #: Events emitted up to the last commit; writes or events after it are pending.
        self._committed_events = 0
        #: Outbox rows of the events emitted since, written by ``commit``.
        self._outbox: list[dict[str, Any]] = []
        self._wrote = False
        #: rows a relay feed publishes were written (``published_by_relay``)
        self._feeds = False

    async def __aenter__(self) -> Self:
        assert self._db is not None
        self.session = self._db.sessionmaker()
        self.session.sync_session.info[_UOW] = self  # the class-level listeners below mark writes
        self.bind(self.session)
        return self

    def bind(self, session: AsyncSession) -> None:
        """Create the service's repositories on ``session`` (subclasses override)."""

    def _pending(self) -> bool:
        s = self.session
        return self._wrote or len(self.emitted) > self._committed_events or bool(s.new or s.dirty or s.deleted)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is not None or self._pending():
                await self.session.rollback()
                if exc_type is None:
                    raise UncommittedWork("the unit of work ended with writes that were never committed")
        finally:
            # Closing ends a read-only transaction too; the rows read stay usable (detached,
            # not expired) for building the response.
            await self.session.close()

    def emit(
        self,
        data: EventData,
        *,
        causation: CloudEvent | None = None,
        correlationid: str | None = None,
        topic: str | None = None,
        actor: str | None = None,
    ) -> CloudEvent:
        """Write ``data`` as an event to the outbox in this transaction (the relay sends it
        after commit); a caused event inherits its cause's trace and correlation."""
        ev = new_event(
            data,
            source=self.source,
            actor=actor or self.actor,
            correlationid=correlationid,
            causation=causation,
        )
        self._stage(ev, topic or data.TOPIC)
        self.emitted.append(ev)
        return ev

    def published_by_relay(self) -> None:
        """This transaction writes rows that a relay feed publishes by itself (rows that are
        their own outbox, like audit-svc's chain): wake the relay when it commits."""
        self._feeds = True

    def _stage(self, ev: CloudEvent, topic: str) -> None:
        self._outbox.append(
            {
                "event_id": ev.id,
                "topic": topic,
                "key": ev.subject,
                "event_type": ev.type,
                "payload": ev.to_json(),
                "created_at": utcnow(),
                "attempts": 0,
            }
        )

    async def _write_outbox(self) -> None:
        """The staged events as one multi-row INSERT (Core: no ORM object per event), in
        emit order, so the outbox's ``seq`` keeps each subject's events in order; on SQLite
        written on the commit's trip (``insert_rows(at_commit=True)``)."""
        if self._outbox:
            from expro_shared.tables import OutboxRecord

            rows, self._outbox = self._outbox, []
            await insert_rows(self.session, OutboxRecord.__table__, rows, at_commit=True)  # type: ignore[attr-defined]

    async def commit(self) -> None:
        await self._write_outbox()
        await self.session.commit()
        emitted = len(self.emitted) > self._committed_events or self._feeds
        self._committed_events = len(self.emitted)
        self._wrote = self._feeds = False
        if self._db is not None:
            if emitted:
                self._db.outbox_signal.set()
            self._db.after_commit()

    async def rollback(self) -> None:
        await self.session.rollback()
        del self.emitted[self._committed_events :]
        self._outbox.clear()
        self._wrote = self._feeds = False
