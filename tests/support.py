"""Helpers shared by the tests: throwaway PostgreSQL databases and development tokens."""

from __future__ import annotations

import uuid

PG_ENV = "EXPRO_TEST_POSTGRES_URL"


async def create_pg_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database on the server of ``admin_url``; return (name, its URL)."""
    import asyncpg

    name = f"expro_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = admin_url.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


async def drop_pg_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def bearer(sub: str, *roles: str, org: str | None = None) -> dict[str, str]:
    """Authorization header with a development token."""
    from expro_shared.auth import issue_token
    from expro_shared.settings import DEV_JWT_SECRET

    return {"Authorization": "Bearer " + issue_token(DEV_JWT_SECRET, sub, list(roles), org)}
