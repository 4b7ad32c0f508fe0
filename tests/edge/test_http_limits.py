"""The HTTP edge of every service: body size (413), unsupported methods (405 with the whole
Allow), undecodable bodies (400, declared), and rate limits on the public endpoints (429
with Retry-After). All as problem+json (real database, no broker)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from project_svc.bootstrap import create_app

pytestmark = pytest.mark.db
PROBLEM = "application/problem+json"


@pytest.fixture
async def client(service_client, monkeypatch):
    monkeypatch.setenv("EXPRO_PUBLIC_RATE_LIMIT", "5/minute")
    monkeypatch.setenv("EXPRO_MAX_BODY_BYTES", "10000")
    c, _ = await service_client(create_app, "PROJECT_SVC_")
    return c


async def test_a_body_over_the_limit_is_413_whether_declared_or_streamed(client, auth) -> None:
    lead = auth("lead", "center_leader") | {"content-type": "application/json"}
    declared = await client.post("/v1/projects", content=b"x" * 10_001, headers=lead)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"x" * 3_000

    streamed = await client.post("/v1/projects", content=chunks(), headers=lead)
    for r in (declared, streamed):
        assert r.status_code == 413 and r.headers["content-type"] == PROBLEM
        assert r.json()["type"] == "/problems/payload-too-large" and "10000 bytes" in r.json()["detail"]


async def test_an_unsupported_method_names_every_method_of_the_path(client) -> None:
    for method in ("OPTIONS", "DELETE", "PATCH"):
        r = await client.request(method, "/v1/projects")
        assert r.status_code == 405 and r.headers["content-type"] == PROBLEM
        assert r.headers["allow"] == "GET, POST"


async def test_an_undecodable_body_is_a_declared_400(client, auth) -> None:
    r = await client.post(
        "/v1/projects",
        content=b"\xff\xfe{",
        headers=auth("lead", "center_leader") | {"content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["type"] == "/problems/bad-request"
    doc = (await client.get("/openapi.json")).json()
    bodied = [op for item in doc["paths"].values() for op in item.values() if "requestBody" in op]
    assert bodied and all("400" in op["responses"] for op in bodied)


async def test_public_endpoints_are_rate_limited_per_client(client, auth) -> None:
    answers = [await client.get("/healthz") for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    limited = answers[-1]
    assert limited.headers["content-type"] == PROBLEM and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["type"] == "/problems/too-many-requests"
    # authenticated endpoints answer to their tokens, not to this limit
    assert (await client.get("/v1/projects", headers=auth("a", "auditor"))).status_code == 200


async def test_every_token_less_endpoint_is_rate_limited_per_client_and_route(service_client, monkeypatch) -> None:
    """audit-svc's transparency log, disclosure and dashboard are read without a token: they
    share the public limit, per route, so varying the id in the path does not escape it."""
    from audit_svc.bootstrap import create_app as audit_app

    monkeypatch.setenv("EXPRO_PUBLIC_RATE_LIMIT", "5/minute")
    client, _ = await service_client(audit_app, "AUDIT_SVC_")
    answers = [await client.get(f"/v1/public/projects/{uuid.uuid4()}/disclosure") for _ in range(6)]
    assert [a.status_code for a in answers] == [404] * 5 + [429]
    assert answers[-1].json()["type"] == "/problems/too-many-requests"
    assert int(answers[-1].headers["retry-after"]) >= 1
    for path in ("/v1/audit/checkpoints/key", "/dashboard"):  # each route has a budget of its own
        answers = [await client.get(path) for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429], path
    doc = (await client.get("/openapi.json")).json()
    public = [op for item in doc["paths"].values() for op in item.values() if not op.get("security")]
    assert public and all("429" in op["responses"] for op in public)
