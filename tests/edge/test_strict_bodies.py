"""Request bodies accept what their schema documents and nothing that merely coerces to it
(schemathesis found `"due_date": 0` accepted as 1970-01-01)."""

from __future__ import annotations

import pytest

from fund_svc.bootstrap import create_app as fund_app
from project_svc.bootstrap import create_app as project_app

pytestmark = pytest.mark.db

PROJECT = {
    "code": "ZS-STRICT",
    "name": "城南片区",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716.00",
}


@pytest.mark.parametrize(
    ("field", "value"), [("planned_households", "61"), ("planned_households", 61.5), ("planned_households", True)]
)
async def test_a_count_must_be_a_json_integer(service_client, auth, field, value) -> None:
    client, _ = await service_client(project_app, "PROJECT_SVC_")
    r = await client.post("/v1/projects", json=PROJECT | {field: value}, headers=auth("l", "center_leader"))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", field]


async def test_a_whole_float_is_an_integer_as_json_schema_says(service_client, auth) -> None:
    client, _ = await service_client(project_app, "PROJECT_SVC_")
    r = await client.post(
        "/v1/projects", json=PROJECT | {"planned_households": 61.0}, headers=auth("l", "center_leader")
    )
    assert r.status_code == 201 and r.json()["planned_households"] == 61


@pytest.mark.parametrize("due_date", [0, 20230630, 1.5, True])
async def test_a_date_must_be_an_iso_string(service_client, auth, due_date) -> None:
    client, _ = await service_client(project_app, "PROJECT_SVC_")
    lead = auth("l", "center_leader")
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    r = await client.post(
        f"/v1/projects/{project['id']}/task-orders",
        json={"title": "t", "scope": "s", "due_date": due_date},
        headers=lead,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "due_date"]


@pytest.mark.parametrize("received_at", [0, 1647311400, "2022-03-15T10:30:00"])
async def test_a_time_must_be_an_iso_string_with_an_offset(service_client, auth, received_at) -> None:
    client, _ = await service_client(fund_app, "FUND_SVC_")
    body = {"amount": "1.00", "bank_reference": "B-1", "payer": "p", "received_at": received_at}
    r = await client.post(
        "/v1/projects/5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01/deposits",
        json=body,
        headers=auth("f", "finance") | {"Idempotency-Key": "k"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "received_at"]


@pytest.mark.parametrize("field", ["code", "name", "district", "owner_unit"])
async def test_text_with_a_nul_character_is_refused_as_its_schema_says(service_client, auth, field) -> None:
    """PostgreSQL cannot store U+0000 (schemathesis found a 500); it is refused on every
    database, and the schema's pattern says so, so fuzzers and clients know."""
    client, app = await service_client(project_app, "PROJECT_SVC_")
    lead = auth("l", "center_leader")
    r = await client.post("/v1/projects", json=PROJECT | {field: "城南\x00区"}, headers=lead | {"Idempotency-Key": "n"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", field], r.text
    assert (await client.get("/v1/projects", headers=lead)).json()["items"] == []
    schema = app.openapi()["components"]["schemas"]["ProjectCreate"]["properties"][field]
    assert schema["pattern"] == "^[^\\x00]*$"


@pytest.mark.parametrize(
    ("service", "url"),
    [
        ("project", "/v1/projects/%00"),
        ("project", "/v1/projects?district=%00"),
        ("project", "/v1/task-orders/a%00b"),
        ("fund", "/v1/projects/%00/account"),
        ("fund", "/v1/projects/x/deposits?cursor=%00"),
    ],
)
async def test_a_nul_character_in_the_path_or_query_is_refused(service_client, auth, service, url) -> None:
    create, prefix = (project_app, "PROJECT_SVC_") if service == "project" else (fund_app, "FUND_SVC_")
    client, _ = await service_client(create, prefix)
    r = await client.get(url, headers=auth("a", "center_leader", "finance", "auditor"))
    assert r.status_code == 422 and r.json()["type"] == "/problems/validation-error", r.text
    assert r.json()["errors"][0]["loc"] == ["path" if "?" not in url else "query"]
