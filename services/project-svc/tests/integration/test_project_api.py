"""project-svc over HTTP on the real database (no broker: the outbox just fills)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from expro_shared.tables import OutboxRecord
from project_svc.bootstrap import create_app

pytestmark = pytest.mark.db

PROJECT = {
    "code": "ZS-2022-001",
    "name": "城南片区旧城改造项目",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716",
}


async def outbox_count(app) -> int:
    async with app.state.runtime.db.sessionmaker() as s:
        return len((await s.exec(select(OutboxRecord))).all())


async def test_projects_need_a_token_and_a_center_role(service_client, auth) -> None:
    client, _ = await service_client(create_app, "PROJECT_SVC_")
    r = await client.post("/v1/projects", json=PROJECT)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/unauthorized"
    r = await client.post("/v1/projects", json=PROJECT, headers=auth("o1", "owner_unit", org="城投公司"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden"


async def test_budget_sets_the_required_deposit_and_bad_money_changes_nothing(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    assert project["planned_area_m2"] == "13716.00" and project["status"] == "registered"
    before = await outbox_count(app)
    for bad in ["-1.00", "1.001", "1e3", "NaN", 100, 1.5]:
        r = await client.put(
            f"/v1/projects/{project['id']}/budget",
            json={"items": [{"category": "compensation", "amount": bad}]},
            headers=lead,
        )
        assert r.status_code == 422, bad
        assert r.json()["type"] == "/problems/validation-error"
        assert r.json()["errors"][0]["loc"][-1] == "amount"
    assert await outbox_count(app) == before
    r = await client.put(
        f"/v1/projects/{project['id']}/budget",
        json={
            "items": [{"category": "compensation", "amount": "42065358"}, {"category": "demolition", "amount": "0.5"}]
        },
        headers=lead,
    )
    assert r.status_code == 200
    assert r.json()["required_deposit"] == "42065358.50"
    got = (await client.get(f"/v1/projects/{project['id']}", headers=lead)).json()
    assert got["required_deposit"] == "42065358.50" and got["status"] == "budgeted"


async def test_issuing_without_a_budget_is_a_conflict(service_client, auth) -> None:
    client, _ = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    order = (
        await client.post(
            f"/v1/projects/{project['id']}/task-orders",
            json={"title": "征收任务", "scope": "61户", "due_date": "2023-06-30"},
            headers=lead,
        )
    ).json()
    assert order["status"] == "draft"
    r = await client.post(f"/v1/task-orders/{order['id']}/issue", headers=lead)
    assert r.status_code == 409 and r.json()["type"] == "/problems/budget-not-approved"


async def test_an_owner_unit_sees_only_its_own_projects(service_client, auth) -> None:
    client, _ = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    mine = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    other = (
        await client.post("/v1/projects", json={**PROJECT, "code": "ZS-2", "owner_unit": "其他公司"}, headers=lead)
    ).json()
    owner = auth("o1", "owner_unit", org="城投公司")
    listed = (await client.get("/v1/projects", headers=owner)).json()
    assert [p["id"] for p in listed["items"]] == [mine["id"]]
    assert (await client.get(f"/v1/projects/{other['id']}", headers=owner)).status_code == 404


async def test_lists_are_paginated_with_a_cursor(service_client, auth) -> None:
    client, _ = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    for i in range(5):
        assert (await client.post("/v1/projects", json={**PROJECT, "code": f"P{i}"}, headers=lead)).status_code == 201
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/projects", params=params, headers=lead)).json()
        seen += [p["code"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"P{i}" for i in range(5)]
    assert (await client.get("/v1/projects", params={"limit": 501}, headers=lead)).status_code == 422
    assert (await client.get("/v1/projects", params={"cursor": "!!"}, headers=lead)).status_code == 422


async def test_a_district_sees_only_its_own_district(service_client, auth) -> None:
    client, _ = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    here = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    there = (
        await client.post("/v1/projects", json={**PROJECT, "code": "ZS-9", "district": "鹤城区"}, headers=lead)
    ).json()
    district = auth("d1", "district", org="城南区")
    listed = (await client.get("/v1/projects", headers=district)).json()
    assert [p["id"] for p in listed["items"]] == [here["id"]]
    assert (await client.get("/v1/projects", params={"district": "鹤城区"}, headers=district)).json()["items"] == []
    assert (await client.get(f"/v1/projects/{there['id']}", headers=district)).status_code == 404
    assert (await client.get(f"/v1/projects/{here['id']}", headers=district)).status_code == 200


async def test_a_retried_create_with_the_same_key_makes_one_project(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader") | {"Idempotency-Key": "create-1"}
    first = await client.post("/v1/projects", json=PROJECT, headers=lead)
    again = await client.post("/v1/projects", json=PROJECT, headers=lead)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert await outbox_count(app) == 1
    other = await client.post("/v1/projects", json={**PROJECT, "name": "另一个"}, headers=lead)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"


async def test_a_budget_beyond_the_money_range_is_refused_naming_the_limit(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    before = await outbox_count(app)
    items = [{"category": c, "amount": "999999999999999.99"} for c in ("compensation", "demolition")]
    r = await client.put(f"/v1/projects/{project['id']}/budget", json={"items": items}, headers=lead)
    assert r.status_code == 422 and r.json()["type"] == "/problems/budget-invalid"
    assert "999999999999999.99" in r.json()["detail"] and r.json()["errors"][0]["loc"] == ["body", "items"]
    repeated = [{"category": "compensation", "amount": "1.00"}] * 2
    r = await client.put(f"/v1/projects/{project['id']}/budget", json={"items": repeated}, headers=lead)
    assert r.status_code == 422 and r.json()["type"] == "/problems/budget-invalid"
    assert await outbox_count(app) == before, "nothing is emitted for a refused budget"
    assert (await client.get(f"/v1/projects/{project['id']}", headers=lead)).json()["required_deposit"] is None
