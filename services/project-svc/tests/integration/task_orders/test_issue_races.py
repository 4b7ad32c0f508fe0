"""One issuance request per round: concurrent `issue` calls on one order (real database; the
defect showed on PostgreSQL, where the requests really run in parallel)."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlmodel import select

from expro_shared.tables import OutboxRecord
from project_svc.bootstrap import create_app

pytestmark = pytest.mark.db

PROJECT = {
    "code": "ZS-RACE",
    "name": "城南片区",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716.00",
}


async def draft_order(client, lead) -> str:
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    r = await client.put(
        f"/v1/projects/{project['id']}/budget",
        json={"items": [{"category": "compensation", "amount": "1000.00"}]},
        headers=lead,
    )
    assert r.status_code == 200, r.text
    order = await client.post(
        f"/v1/projects/{project['id']}/task-orders",
        json={"title": "征收任务", "scope": "61户", "due_date": "2023-06-30"},
        headers=lead,
    )
    return str(order.json()["id"])


async def issuance_requests(app) -> list[dict]:
    async with app.state.runtime.db.sessionmaker() as s:
        rows = (await s.exec(select(OutboxRecord))).all()
    return [json.loads(r.payload) for r in rows if r.event_type == "expro.project.task_order_issuance_requested.v1"]


async def test_ten_concurrent_issue_requests_start_one_saga(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    order_id = await draft_order(client, lead)

    answers = await asyncio.gather(*(client.post(f"/v1/task-orders/{order_id}/issue", headers=lead) for _ in range(10)))

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [202] + [409] * 9, [a.text for a in answers]
    refused = [a.json() for a in answers if a.status_code == 409]
    assert {p["type"] for p in refused} == {"/problems/task-order-not-issuable"}
    assert {p["current_status"] for p in refused} == {"pending_funds"}
    assert len(await issuance_requests(app)) == 1


async def test_a_retried_issue_with_the_same_key_replays_instead_of_refusing(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    lead = auth("lead", "center_leader")
    order_id = await draft_order(client, lead)
    key = {"Idempotency-Key": "issue-1"}

    answers = await asyncio.gather(
        *(client.post(f"/v1/task-orders/{order_id}/issue", headers=lead | key) for _ in range(5))
    )

    assert [a.status_code for a in answers] == [202] * 5, [a.text for a in answers]
    assert {a.json()["status"] for a in answers} == {"pending_funds"}
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 4
    assert len(await issuance_requests(app)) == 1
    other = await client.post(f"/v1/task-orders/{order_id}/issue", headers=lead | {"Idempotency-Key": "issue-2"})
    assert other.status_code == 409 and other.json()["type"] == "/problems/task-order-not-issuable"
