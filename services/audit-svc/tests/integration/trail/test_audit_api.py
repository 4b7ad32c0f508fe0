"""The trail over HTTP: the app from ``create_app(kafka=False)`` in its lifespan (the
``client`` and ``app`` fixtures), on the real database, records sealed by the app's own
trail consumer."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI

from expro_shared.events.envelope import CloudEvent
from tests.support import bearer, deliver, deposit_recorded

pytestmark = pytest.mark.db


AUDITOR = bearer("u-1", "auditor")


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
    assert (await client.get("/v1/audit/verify", headers=bearer("u-1", role))).status_code == 200


async def test_an_auditor_lists_pages_and_reads_sealed_records(app: FastAPI, client: httpx.AsyncClient) -> None:
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    events = [deposit_recorded(mine), deposit_recorded(other), deposit_recorded(mine)]
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


async def test_a_filtered_list_pages_within_its_filter(app: FastAPI, client: httpx.AsyncClient) -> None:
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    events = [
        deposit_recorded(mine),
        deposit_recorded(other),
        deposit_recorded(mine),
        deposit_recorded(other),
        deposit_recorded(mine),
    ]
    await seal(app, *events)

    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"subject": mine, "limit": 2})
    page = r.json()
    assert [i["event_id"] for i in page["items"]] == [events[0].id, events[2].id]
    params = {"subject": mine, "limit": 2, "cursor": page["next_cursor"]}
    r = await client.get("/v1/audit/records", headers=AUDITOR, params=params)
    assert [i["event_id"] for i in r.json()["items"]] == [events[4].id]
    assert r.json()["next_cursor"] is None


async def test_an_unknown_record_is_a_not_found_problem(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/v1/audit/records/{uuid.uuid4()}", headers=AUDITOR)
    assert r.status_code == 404
    assert r.json()["type"] == "/problems/not-found"


async def test_a_forged_cursor_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/audit/records", headers=AUDITOR, params={"cursor": "bm90LWEtc2Vx"})
    assert r.status_code == 422
    assert r.json()["type"] == "/problems/validation-error"


async def test_the_openapi_document_names_every_operation(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"listAuditRecords", "getAuditRecord", "verifyAuditChain"} <= operations
    responses = spec["paths"]["/v1/audit/records/{event_id}"]["get"]["responses"]
    assert set(responses) == {"200", "401", "403", "404", "422"}
    problem = responses["422"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/ValidationProblem"}
    assert spec["paths"]["/v1/audit/records"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Page_AuditRecordPublic_"
    }
    verify = spec["paths"]["/v1/audit/verify"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert verify == {"$ref": "#/components/schemas/AuditChainReport"}
