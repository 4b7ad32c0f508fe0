"""The dashboard: a server-rendered page, public, with the log's checkpoint and its checks,
the chain's verification and the year's figures; a tampered trail shows as such."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from audit_svc.bootstrap import create_app
from audit_svc.trail.tables import AuditRecordRow
from tests.rfc9162 import open_checkpoint
from tests.support import deliver, deposit_recorded

pytestmark = pytest.mark.db


async def fresh_app(
    service_client: Callable[..., Awaitable[tuple[httpx.AsyncClient, FastAPI]]], monkeypatch: pytest.MonkeyPatch
) -> tuple[httpx.AsyncClient, FastAPI]:
    monkeypatch.setenv("AUDIT_SVC_DASHBOARD_REFRESH_SECONDS", "0")  # recompute on every request
    return await service_client(create_app, "AUDIT_SVC_")


async def test_the_dashboard_shows_the_signed_checkpoint_and_a_valid_chain(
    service_client: Callable[..., Awaitable[tuple[httpx.AsyncClient, FastAPI]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, app = await fresh_app(service_client, monkeypatch)
    await deliver(
        app.state.runtime.consumers["audit-svc.trail"], *(deposit_recorded(str(uuid.uuid4())) for _ in range(3))
    )

    r = await client.get("/dashboard")  # no token
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert re.search(r'<td id="tree-size">3</td>', page)
    assert 'id="signature"><span class="ok">' in page
    assert 'id="tree"><span class="ok">' in page
    assert 'id="chain"><span class="ok">' in page
    latest = (await client.get("/v1/audit/checkpoints/latest")).json()
    key = (await client.get("/v1/audit/checkpoints/key")).json()["key"]
    assert latest["root_hash"] in page
    open_checkpoint(latest["note"], key)  # the note the page shows is the signed one
    assert f"{date.today().year} 年度" in page
    assert "/fund-svc" in page


async def test_a_tampered_trail_shows_on_the_dashboard(
    service_client: Callable[..., Awaitable[tuple[httpx.AsyncClient, FastAPI]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, app = await fresh_app(service_client, monkeypatch)
    await deliver(
        app.state.runtime.consumers["audit-svc.trail"], *(deposit_recorded(str(uuid.uuid4())) for _ in range(3))
    )
    assert 'id="chain"><span class="ok">' in (await client.get("/dashboard")).text

    async with app.state.runtime.db.sessionmaker() as session:
        stmt = update(AuditRecordRow).where(col(AuditRecordRow.seq) == 2).values(actor="someone-else")
        await session.exec(stmt)  # type: ignore[call-overload]
        await session.commit()
    page = (await client.get("/dashboard")).text
    assert 'id="chain"><span class="bad">' in page
    assert "<th>首个异常序号 / first bad record</th><td>2</td>" in page
