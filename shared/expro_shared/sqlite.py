"""SQLAlchemy's aiosqlite adapter with one trip to the worker thread per statement.

aiosqlite runs a ``sqlite3`` connection in a thread of its own and hands each call to it
through a queue; the answer comes back as a callback on the event loop. SQLAlchemy's stock
adapter makes a trip for each step of a statement: open a cursor, execute, fetch the rows,
close the cursor (three or four trips). Each trip waits behind whatever else the loop is
running, and with one SQLite connection (writers queue on the pool) the transaction holds
the database all that time: a bare endpoint inserting two rows was bound by its trips, not
by its CPU or by SQLite.

Here a statement is one function run in the worker thread: it opens a cursor, executes,
fetches every row and closes the cursor, and hands back the rows with the description, row
count and last row id. Server-side cursors (streamed results) keep the stock adapter.

It reaches into aiosqlite for the two things its public API lacks, running a function in
the worker thread (``Connection._execute``, as SQLAlchemy's own adapter does through
``_tx``) and the ``sqlite3`` connection there (``Connection._conn``); both versions are
pinned in ``constraints.txt``, and ``tests/plumbing/test_sqlite_trips.py`` fails if either
changes what it does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_cursor
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util.concurrency import await_

Outcome = tuple[Any, list[Any] | None, int, int | None]
#: ``executemany`` statements (SQL, rows of parameters) to run on the commit's trip
Staged = Sequence[tuple[str, list[Any]]]


def _statement(adapted: OneTripConnection, operation: str, parameters: Any, many: bool) -> Outcome:
    """In the worker thread: the whole statement, its rows fetched and its cursor closed."""
    driver = adapted._connection._conn
    cursor = driver.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()
        adapted._open = driver.in_transaction


def _end(adapted: OneTripConnection, how: str, staged: Staged = ()) -> None:
    """In the worker thread: the statements staged for the commit, then the driver's
    ``commit`` (or ``rollback``). A staged statement that fails leaves the transaction open,
    uncommitted, for SQLAlchemy to roll back."""
    driver = adapted._connection._conn
    try:
        if staged:
            cursor = driver.cursor()
            try:
                for operation, rows in staged:
                    cursor.executemany(operation, rows)
            finally:
                cursor.close()
        getattr(driver, how)()
    finally:
        adapted._open = driver.in_transaction


class OneTripCursor(AsyncAdapt_dbapi_cursor):
    """A buffered cursor whose every statement is one trip to the worker thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        super().__init__(adapt_connection)

    def _make_new_cursor(self, connection: Any) -> Any:
        return None  # no driver cursor is kept: each statement opens and closes its own

    def _aenter_cursor(self, cursor: Any) -> Any:
        return None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _async_soft_close(self) -> None:
        return None  # the driver's cursor is closed already, the rows are buffered

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._perform(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._perform(operation, seq_of_parameters, many=True)

    def setinputsizes(self, *inputsizes: Any) -> None:
        pass

    def nextset(self) -> None:
        raise NotImplementedError("sqlite3 has one result set per statement")

    def _perform(self, operation: Any, parameters: Any, *, many: bool) -> None:
        try:
            description, rows, self._rowcount, self._lastrowid = await_(self._trip(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description = description
        self._rows.clear()
        if rows:
            self._rows.extend(rows)

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> Outcome:
        async with self._adapt_connection._execute_mutex:
            return await self._connection._execute(_statement, self._adapt_connection, operation, parameters, many)  # type: ignore[no-any-return]


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Statements, commits and rollbacks each one trip; and no trip for the rollback the
    pool resets a returned connection with when no transaction is open (after a commit),
    which the driver would skip anyway. Whether one is open is recorded in the worker
    thread after every statement, commit and rollback, so it is the driver's own answer.

    ``write_at_commit`` stages an ``executemany`` whose results nobody reads (a unit of
    work's outbox rows) to run on the commit's trip, just before the driver's COMMIT: one
    trip fewer per command. A rollback, or a commit that never reaches the driver (its
    flush failed), drops what was staged."""

    __slots__ = ("_at_commit", "_open")
    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._open = False
        self._at_commit: list[tuple[str, list[Any]]] = []

    def write_at_commit(self, operation: str, rows: list[Any]) -> None:
        """Run ``executemany(operation, rows)`` in this transaction, on its commit's trip."""
        self._at_commit.append((operation, rows))

    def commit(self) -> None:
        staged, self._at_commit = self._at_commit, []
        self._end("commit", staged)

    def rollback(self) -> None:
        self._at_commit = []
        if self._open:
            self._end("rollback")

    def _end(self, how: str, staged: Staged = ()) -> None:
        if self._connection._connection:
            try:
                await_(self._connection._execute(_end, self, how, staged))
            except Exception as error:
                self._handle_exception(error)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module to hand ``create_async_engine(module=...)`` for SQLite URLs."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
