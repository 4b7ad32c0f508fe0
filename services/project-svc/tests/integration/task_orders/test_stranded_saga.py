"""A saga message that a consumer dead-letters fails the issuance visibly instead of leaving
the order pending forever (real database, the consumer fed as Kafka would)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from expro_shared.events import dlq_topic
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.platform import DeadLettered
from expro_shared.tables import InboxRecord, OutboxRecord
from project_svc.bootstrap import create_app
from tests.support import deliver

pytestmark = pytest.mark.db

PROJECT = {
    "code": "ZS-DLQ",
    "name": "城南片区",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716.00",
}


async def outbox(app, event_type: str) -> list[CloudEvent]:
    async with app.state.runtime.db.sessionmaker() as s:
        rows = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()
    return [CloudEvent.model_validate_json(r.payload) for r in rows if r.event_type == event_type]


def dead_letter_of(original: CloudEvent, consumer: str = "fund-svc.project-events") -> CloudEvent:
    """What fund-svc's consumer publishes when it gives up on ``original``."""
    data = DeadLettered(
        project_id=original.subject,
        dead_letter_id="dl-1",
        consumer=consumer,
        failed_topic="expro.project.events",
        partition=0,
        offset=7,
        error="ValidationError: data does not match",
        original=original.to_json(),
    )
    return new_event(data, source="/fund-svc", actor="fund-svc", causation=original)


async def test_a_dead_lettered_issuance_request_fails_the_order_with_the_reason(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    (consumer,) = app.state.runtime.consumers.values()
    lead = auth("lead", "center_leader")
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    await client.put(
        f"/v1/projects/{project['id']}/budget",
        json={"items": [{"category": "compensation", "amount": "1000.00"}]},
        headers=lead,
    )
    order_id = (
        await client.post(
            f"/v1/projects/{project['id']}/task-orders",
            json={"title": "征收任务", "scope": "61户", "due_date": "2023-06-30"},
            headers=lead,
        )
    ).json()["id"]
    assert (await client.post(f"/v1/task-orders/{order_id}/issue", headers=lead)).status_code == 202
    (requested,) = await outbox(app, "expro.project.task_order_issuance_requested.v1")

    await deliver(consumer, dead_letter_of(requested), topic=dlq_topic("fund-svc"))

    order = (await client.get(f"/v1/task-orders/{order_id}", headers=lead)).json()
    assert order["status"] == "failed" and "fund-svc.project-events" in order["failure_reason"]
    (failed,) = await outbox(app, "expro.project.task_order_issuance_failed.v1")
    assert failed.data["saga_id"] == requested.data["saga_id"] and failed.causationid is not None

    again = await client.post(f"/v1/task-orders/{order_id}/issue", headers=lead)
    assert again.status_code == 202 and again.json()["failure_reason"] is None
    # the first round's dead letter, delivered again, does not touch the new round
    await deliver(consumer, dead_letter_of(requested), topic=dlq_topic("fund-svc"))
    assert (await client.get(f"/v1/task-orders/{order_id}", headers=lead)).json()["status"] == "pending_funds"


async def test_dead_letters_of_other_messages_change_nothing(service_client, auth) -> None:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    (consumer,) = app.state.runtime.consumers.values()
    lead = auth("lead", "center_leader")
    await client.post("/v1/projects", json=PROJECT, headers=lead)
    (registered,) = await outbox(app, "expro.project.project_registered.v1")
    not_a_saga_message = dead_letter_of(registered)
    not_even_json = dead_letter_of(registered)
    not_even_json.data["original"] = "{"
    for letter, topic in ((not_a_saga_message, "fund-svc"), (not_even_json, "project-svc")):
        await deliver(consumer, letter, topic=dlq_topic(topic))
    assert await outbox(app, "expro.project.task_order_issuance_failed.v1") == []
    async with app.state.runtime.db.sessionmaker() as s:
        handled = (await s.exec(select(InboxRecord))).all()
    assert {r.event_id for r in handled} == {not_a_saga_message.id, not_even_json.id}, (
        "both were handled, not dead-lettered"
    )
