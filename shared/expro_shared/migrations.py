"""Alembic, per service: ``migrate()`` upgrades a service's database to head on start
(embedded default) and ``run_env()`` is the whole body of each service's ``env.py``.

The async recipe shares the application's connection with Alembic (``connection`` in
``config.attributes``), so migrations run inside the running event loop."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import Connection

from expro_shared.db import Database, normalize_url


def alembic_config(script_location: str, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", script_location)
    if url:
        cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


async def migrate(db: Database, script_location: str) -> None:
    """Upgrade ``db`` to the newest revision in ``script_location``."""

    def _upgrade(sync_conn: Connection) -> None:
        cfg = alembic_config(script_location)
        cfg.attributes["connection"] = sync_conn
        command.upgrade(cfg, "head")

    async with db.engine.begin() as conn:
        await conn.run_sync(_upgrade)


def _run(connection: Connection, target_metadata: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_env(target_metadata: Any, url_env: str) -> None:
    """Body of a service's ``env.py``: reuse a shared connection, or connect by URL (CLI)."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection, target_metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(url_env)
    if not url:
        raise SystemExit(f"set {url_env} to the database to migrate")

    async def _online() -> None:
        db = Database(url)
        try:
            async with db.engine.begin() as conn:
                await conn.run_sync(_run, target_metadata)
        finally:
            await db.dispose()

    asyncio.run(_online())


def main() -> None:
    """``python -m expro_shared.migrations <package>``: upgrade a service's database to head
    (the explicit production step), e.g. ``FUND_SVC_DATABASE_URL=… python -m expro_shared.migrations fund_svc``."""
    import importlib
    import sys

    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m expro_shared.migrations <project_svc|fund_svc|housing_svc|audit_svc>")
    package = sys.argv[1]
    url_env = f"{package.upper()}_DATABASE_URL"
    url = os.environ.get(url_env)
    if not url:
        raise SystemExit(f"set {url_env}")
    migrations = importlib.import_module(f"{package}.bootstrap").MIGRATIONS
    command.upgrade(alembic_config(migrations, url), "head")


if __name__ == "__main__":
    main()
