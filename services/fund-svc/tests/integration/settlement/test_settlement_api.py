"""Settlement over HTTP on the real database: only after project-svc's settlement request,
with nothing held and every payable paid; the remainder is refunded and the account closes."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from expro_shared.events.envelope import new_event
from expro_shared.events.project import AgreementSigned, CompensationItem, SettlementRequested
from expro_shared.requests import center_today
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, Money
from fund_svc.bootstrap import create_app
from tests.support import deliver

pytestmark = pytest.mark.db
LEADER = ("leader", "center_leader")


async def setup(service_client, open_budget, deposit):
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"working_funds": "600.00", "compensation": "400.00"})
    await deposit(client, pid, "1000.00")
    return client, app, pid


async def feed(app, *data) -> None:
    consumer = app.state.runtime.consumers["fund-svc.project-events"]
    await deliver(consumer, *(new_event(d, source="/project-svc", actor="clerk") for d in data))


async def settle(client, auth, pid, settled_on: date, key: str | None = None, who=LEADER):
    return await client.post(
        f"/v1/projects/{pid}/settle",
        json={"settled_on": settled_on.isoformat(), "comment": "结算"},
        headers=auth(*who) | {"Idempotency-Key": key or uuid.uuid4().hex},
    )


async def pay_through(client, auth, disbursement_id: str) -> None:
    r = await client.post(
        f"/v1/disbursements/{disbursement_id}/review", json={"approve": True}, headers=auth("rev", "finance")
    )
    assert r.json()["status"] == "approved", r.text
    r = await client.post(
        f"/v1/disbursements/{disbursement_id}/pay",
        json={"paid_on": center_today().isoformat(), "bank_reference": f"P-{disbursement_id[:8]}"},
        headers=auth("cashier", "finance"),
    )
    assert r.status_code == 200, r.text


async def request(client, auth, pid, payload):
    return await client.post(
        f"/v1/projects/{pid}/disbursements",
        json={"payee": "p", "purpose": "x"} | payload,
        headers=auth("clerk", "center_staff") | {"Idempotency-Key": uuid.uuid4().hex},
    )


async def test_settlement_waits_for_its_request_nothing_held_and_every_payable_paid(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    today = center_today()
    early = await settle(client, auth, pid, today)
    assert early.status_code == 409 and early.json()["type"] == "/problems/settlement-not-requested"

    await feed(
        app,
        AgreementSigned(
            project_id=pid,
            agreement_id="ag-1",
            household_id="hh-1",
            kind=AgreementKind.MONETARY,
            area_m2="50.00",
            items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money(300_00))],
            total=Money(300_00),
            signed_on=date(2022, 3, 1),
            payment_due_on=today + timedelta(days=10),
            move_out_deadline=date(2022, 4, 1),
            members=2,
        ),
        SettlementRequested(project_id=pid, requested_on=today - timedelta(days=1)),
    )
    before_request = await settle(client, auth, pid, today - timedelta(days=2))
    assert before_request.status_code == 422

    held = (await request(client, auth, pid, {"category": "working_funds", "amount": "200.00"})).json()
    pending = await settle(client, auth, pid, today)
    assert pending.status_code == 409 and pending.json()["type"] == "/problems/disbursements-pending"
    assert pending.json()["held"] == "200.00"
    await pay_through(client, auth, held["id"])

    owed = await settle(client, auth, pid, today)
    assert owed.status_code == 409 and owed.json()["type"] == "/problems/payables-outstanding"
    assert owed.json()["count"] == 1
    comp = (
        await request(client, auth, pid, {"category": "compensation", "amount": "300.00", "agreement_id": "ag-1"})
    ).json()
    await pay_through(client, auth, comp["id"])

    done = await settle(client, auth, pid, today, key="s1")
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["refunded"], body["settled_by"], body["settled_on"]) == ("500.00", "leader", today.isoformat())
    acct = body["account"]
    assert (acct["closed"], acct["deposited"], acct["paid"], acct["available"], acct["settled_refund"]) == (
        True,
        "500.00",
        "500.00",
        "0.00",
        "500.00",
    )
    replay = await settle(client, auth, pid, today, key="s1")
    assert replay.status_code == 200 and replay.json() == body

    again = await settle(client, auth, pid, today)
    assert again.status_code == 409 and again.json()["type"] == "/problems/account-closed"
    fin = auth("fin", "finance")
    dep = await client.post(
        f"/v1/projects/{pid}/deposits",
        json={
            "amount": "1.00",
            "bank_reference": "late",
            "payer": "城投公司",
            "received_at": "2023-01-01T00:00:00+08:00",
        },
        headers=fin | {"Idempotency-Key": "late"},
    )
    assert dep.status_code == 409 and dep.json()["type"] == "/problems/account-closed"
    more = await request(client, auth, pid, {"category": "working_funds", "amount": "1.00"})
    assert more.status_code == 409 and more.json()["type"] == "/problems/account-closed"
    refund = await client.post(
        f"/v1/projects/{pid}/refunds", json={"amount": "1.00", "reason": "x"}, headers=fin | {"Idempotency-Key": "r"}
    )
    assert refund.status_code == 409 and refund.json()["type"] == "/problems/account-closed"
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=fin)).json()
    assert (acct["deposited"], acct["paid"], acct["closed"]) == ("500.00", "500.00", True)

    statement = (await client.get(f"/v1/projects/{pid}/statement", headers=fin)).json()
    last = statement["entries"][-1]
    assert (last["kind"], last["amount_out"], last["balance"]) == ("settlement_refund", "500.00", "0.00")
    assert statement["refunded"] == "500.00"

    async with app.state.runtime.db.sessionmaker() as s:
        rows = (
            await s.exec(select(OutboxRecord).where(OutboxRecord.event_type == "expro.fund.account_settled.v1"))
        ).all()
    (settled,) = [json.loads(r.payload)["data"] for r in rows]
    assert (settled["deposited"], settled["paid"], settled["refunded"]) == ("1000.00", "500.00", "500.00")


@pytest.mark.parametrize("round_", range(3))
async def test_two_leaders_settling_at_once_settle_once(service_client, auth, open_budget, deposit, round_) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    await feed(app, SettlementRequested(project_id=pid, requested_on=center_today()))
    answers = await asyncio.gather(
        *(settle(client, auth, pid, center_today(), who=(f"leader-{i}", "center_leader")) for i in range(4)),
        request(client, auth, pid, {"category": "working_funds", "amount": "100.00"}),
    )
    settles, hold = answers[:4], answers[4]
    assert sorted(a.status_code for a in settles).count(200) <= 1
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    if any(a.status_code == 200 for a in settles):
        assert hold.status_code == 409 and acct["closed"] and acct["held"] == "0.00"
        assert sorted(a.status_code for a in settles) == [200, 409, 409, 409]
    else:  # the hold came first: nobody may settle while it is held
        assert hold.status_code == 201 and not acct["closed"]
        assert {a.json()["type"] for a in settles} == {"/problems/disbursements-pending"}
