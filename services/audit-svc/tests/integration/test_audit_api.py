"""audit-svc over HTTP: the app from ``create_app(kafka=False)`` in its lifespan, on the
real database, records sealed by the app's own trail consumer."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from audit_svc.bootstrap import create_app
from expro_shared.events.contracts import DepositRecorded
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.money import Money
from tests.support import bearer, deliver

pytestmark = pytest.mark.db
Running = tuple[httpx.AsyncClient, FastAPI]


AUDITOR = bearer("u-1", "auditor")


def deposited(project_id: str) -> CloudEvent:
    data = DepositRecorded(
        project_id=project_id,
        deposit_id=str(uuid.uuid4()),
        amount=Money.parse("1000.00"),
        bank_reference=f"BR-{uuid.uuid4().hex[:8]}",
        deposited_total=Money.parse("1000.00"),
    )
    return new_event(data, source="/fund-svc", actor="finance-01")


@pytest.fixture
async def running(service_client: Callable[..., Awaitable[Running]]) -> Running:
    return await service_client(create_app, "AUDIT_SVC_")


@pytest.fixture
def client(running: Running) -> httpx.AsyncClient:
    return running[0]


@pytest.fixture
def app(running: Running) -> FastAPI:
    return running[1]


async def seal(app: FastAPI, *events: CloudEvent) -> None:
    await deliver(app.state.runtime.consumers["audit-svc.trail"], *events)


async def test_the_trail_is_closed_without_a_token(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/audit/records")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/unauthorized"


@pytest.mark.parametrize("role", ["owner_unit", "finance", "district", "housing_admin"])
async def test_roles_outside_audit_and_the_center_are_refused(client: httpx.AsyncClient, role: str) -> None:
    for path in ("/v1/audit/records", "/v1/audit/verify", f"/v1/audit/records/{uuid.uuid4()}"):
        r = await client.get(path, headers=bearer("u-1", role, org="城投公司"))
        assert r.status_code == 403, path
        assert r.json()["type"] == "/problems/forbidden"


@pytest.mark.parametrize("role", ["auditor", "center_leader", "center_staff"])
async def test_auditors_and_the_center_read_the_trail(client: httpx.AsyncClient, role: str) -> None:
    assert (await client.get("/v1/audit/records", headers=bearer("u-1", role))).status_code == 200


async def test_an_auditor_lists_pages_and_reads_sealed_records(app: FastAPI, client: httpx.AsyncClient) -> None:
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    events = [deposited(mine), deposited(other), deposited(mine)]
    await seal(app, *events)

    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"limit": 2})
    assert r.status_code == 200
    first = r.json()
    assert [i["event_id"] for i in first["items"]] == [events[0].id, events[1].id]
    assert first["next_cursor"]
    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"limit": 2, "cursor": first["next_cursor"]})
    assert [i["event_id"] for i in r.json()["items"]] == [events[2].id]
    assert r.json()["next_cursor"] is None

    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"subject": mine})
    assert [i["event_id"] for i in r.json()["items"]] == [events[0].id, events[2].id]
    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"event_type": "expro.fund.refund_recorded.v1"})
    assert r.json() == {"items": [], "next_cursor": None}

    r = await client.get(f"/v1/audit/records/{events[1].id}", headers=AUDITOR)
    assert r.status_code == 200
    record = r.json()
    assert record["prev_hash"] == first["items"][0]["hash"]
    assert record["subject"] == other
    assert CloudEvent.model_validate_json(record["payload"]) == events[1]


async def test_an_unknown_record_is_a_not_found_problem(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/v1/audit/records/{uuid.uuid4()}", headers=AUDITOR)
    assert r.status_code == 404
    assert r.json()["type"] == "/problems/not-found"


async def test_a_forged_cursor_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"cursor": "bm90LWEtc2Vx"})
    assert r.status_code == 422
    assert r.json()["type"] == "/problems/validation-error"


async def test_verify_reports_an_intact_chain_with_its_head(app: FastAPI, client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/audit/verify", headers=AUDITOR)
    assert r.json() == {"valid": True, "records": 0, "head": "0" * 64, "first_invalid_seq": None}

    await seal(app, deposited(str(uuid.uuid4())), deposited(str(uuid.uuid4())))
    last = (await client.get("/v1/audit/records", headers=AUDITOR)).json()["items"][-1]

    r = await client.get("/v1/audit/verify", headers=AUDITOR)
    assert r.status_code == 200
    assert r.json() == {"valid": True, "records": 2, "head": last["hash"], "first_invalid_seq": None}


async def test_the_openapi_document_names_every_operation(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"listAuditRecords", "getAuditRecord", "verifyAuditChain"} <= operations
    responses = spec["paths"]["/v1/audit/records/{event_id}"]["get"]["responses"]
    assert set(responses) == {"200", "401", "403", "404", "422"}
    problem = responses["422"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/ValidationProblem"}
