"""Refunds over HTTP on the real database: maker-checker, and never below issued funding."""

from __future__ import annotations

import pytest

from expro_shared.events.envelope import new_event
from expro_shared.events.project import TaskOrderIssuanceRequested
from expro_shared.vocabulary import Money
from fund_svc.bootstrap import create_app
from tests.support import deliver

pytestmark = pytest.mark.db
PID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
DEPOSIT = {
    "amount": "150.00",
    "bank_reference": "ICBC-1",
    "payer": "城投公司",
    "received_at": "2022-03-15T10:30:00+08:00",
}


async def test_refunds_need_a_second_person_and_never_undercut_issued_funding(
    service_client, auth, open_account
) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID, "100.00")
    maker, checker = auth("maker", "finance"), auth("checker", "finance")
    await client.post(f"/v1/projects/{PID}/deposits", json=DEPOSIT, headers=maker | {"Idempotency-Key": "d"})
    # fund-svc confirms funding for a task order: 100.00 becomes committed.
    consumer = app.state.runtime.consumers["fund-svc.project-events"]
    request = new_event(
        TaskOrderIssuanceRequested(project_id=PID, task_order_id="t", required_deposit=Money(100_00)),
        source="/project-svc",
        actor="lead",
        correlationid="s-1",
    )
    await deliver(consumer, request)
    account = (await client.get(f"/v1/projects/{PID}/account", headers=maker)).json()
    assert (account["committed"], account["available"]) == ("100.00", "50.00")

    too_much = await client.post(
        f"/v1/projects/{PID}/refunds",
        json={"amount": "50.01", "reason": "多缴"},
        headers=maker | {"Idempotency-Key": "r0"},
    )
    assert too_much.status_code == 409 and too_much.json()["available"] == "50.00"
    assert too_much.json()["type"] == "/problems/refund-exceeds-available"
    refund = (
        await client.post(
            f"/v1/projects/{PID}/refunds",
            json={"amount": "50.00", "reason": "多缴"},
            headers=maker | {"Idempotency-Key": "r1"},
        )
    ).json()
    assert refund["status"] == "requested"
    own = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=maker)
    assert own.status_code == 403 and own.json()["type"] == "/problems/maker-checker"
    done = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=checker)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert done.json()["approved_by"] == "checker"
    again = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=checker)
    assert again.status_code == 409 and again.json()["type"] == "/problems/refund-not-pending"
    assert again.json()["current_status"] == "completed"
    account = (await client.get(f"/v1/projects/{PID}/account", headers=maker)).json()
    assert (account["deposited"], account["committed"], account["available"]) == ("100.00", "100.00", "0.00")


async def test_a_refund_is_visible_to_whoever_may_see_its_account(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID, "100.00")
    fin = auth("fin", "finance")
    await client.post(f"/v1/projects/{PID}/deposits", json=DEPOSIT, headers=fin | {"Idempotency-Key": "d"})
    created = await client.post(
        f"/v1/projects/{PID}/refunds",
        json={"amount": "10.00", "reason": "多缴"},
        headers=fin | {"Idempotency-Key": "r"},
    )
    assert created.status_code == 201
    url = f"/v1/refunds/{created.json()['id']}"
    assert (await client.get(url, headers=fin)).json() == created.json()
    own = await client.get(url, headers=auth("y", "owner_unit", org="城投公司"))
    assert own.status_code == 200 and own.json()["amount"] == "10.00"
    other = await client.get(url, headers=auth("x", "owner_unit", org="其他公司"))
    assert other.status_code == 404 and other.json()["type"] == "/problems/not-found"
    assert (await client.get("/v1/refunds/no-such-refund", headers=fin)).status_code == 404


@pytest.mark.parametrize("spelling", ["FIN-X", "fin-x ", " Fin-X", "ｆｉｎ－ｘ", "fin\u200b-x"])
async def test_the_requester_cannot_approve_under_another_spelling_of_their_name(
    service_client, auth, open_account, spelling
) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID, "100.00")
    maker = auth("fin-x", "finance")
    await client.post(f"/v1/projects/{PID}/deposits", json=DEPOSIT, headers=maker | {"Idempotency-Key": "d"})
    refund = (
        await client.post(
            f"/v1/projects/{PID}/refunds",
            json={"amount": "10.00", "reason": "多缴"},
            headers=maker | {"Idempotency-Key": "r"},
        )
    ).json()
    r = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=auth(spelling, "finance"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/maker-checker", r.text
    assert (await client.get(f"/v1/projects/{PID}/account", headers=maker)).json()["deposited"] == "150.00"
