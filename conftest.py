"""Fixtures shared by every test directory: a real, empty database per test.

SQLite file in the test's tmp_path by default; with EXPRO_TEST_POSTGRES_URL (e.g.
postgresql://postgres@127.0.0.1:5432/postgres) a fresh PostgreSQL database is created for
the test and dropped after it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support import PG_ENV, bearer, create_pg_database, drop_pg_database


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    admin = os.environ.get(PG_ENV)
    if not admin:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name, url = await create_pg_database(admin)
    try:
        yield url
    finally:
        await drop_pg_database(admin, name)


@pytest.fixture
async def migrated_db(database_url: str) -> AsyncIterator[object]:
    """Factory: ``await migrated_db(MIGRATIONS)`` → a Database migrated to head."""
    from expro_shared.db import Database
    from expro_shared.migrations import migrate

    opened: list[Database] = []

    async def make(migrations: str) -> Database:
        db = Database(database_url)
        await migrate(db, migrations)
        opened.append(db)
        return db

    yield make
    for db in opened:
        await db.dispose()


@pytest.fixture
async def service_client(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[object]:
    """Factory: ``await service_client(create_app, "FUND_SVC_")`` → (httpx client, app),
    the app running its lifespan on the real database, without Kafka (outbox rows wait)."""
    import httpx

    stack: list[object] = []

    async def make(create_app: object, env_prefix: str) -> tuple[httpx.AsyncClient, object]:
        monkeypatch.setenv(f"{env_prefix}DATABASE_URL", database_url)
        app = create_app(kafka=False)  # type: ignore[operator]
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        stack.append((client, lifespan))
        return client, app

    yield make
    for client, lifespan in reversed(stack):  # type: ignore[misc]
        await client.aclose()
        await lifespan.__aexit__(None, None, None)


@pytest.fixture
def auth() -> object:
    return bearer
