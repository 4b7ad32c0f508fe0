"""Payables over HTTP on the real database: created from agreement_signed and
compensation_decision_made (delivered through the consumer, as Kafka would), paid toward by
compensation disbursements never beyond what is open, and overdue reported once."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from expro_shared.events.envelope import new_event
from expro_shared.events.project import AgreementSigned, CompensationDecisionMade, CompensationItem
from expro_shared.requests import center_today
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, Money
from fund_svc.bootstrap import create_app
from fund_svc.payables.handlers import overdue_sweeper
from tests.support import deliver

pytestmark = pytest.mark.db


def agreement(pid: str, agreement_id: str, household: str, total: str, due: date) -> AgreementSigned:
    return AgreementSigned(
        project_id=pid,
        agreement_id=agreement_id,
        household_id=household,
        kind=AgreementKind.MONETARY,
        area_m2="80.00",
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse(total))],
        total=Money.parse(total),
        signed_on=date(2022, 3, 1),
        payment_due_on=due,
        move_out_deadline=date(2022, 4, 30),
        members=3,
    )


def decision(pid: str, decision_id: str, household: str, total: str, decided: date) -> CompensationDecisionMade:
    return CompensationDecisionMade(
        project_id=pid,
        decision_id=decision_id,
        household_id=household,
        area_m2="60.00",
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse(total))],
        total=Money.parse(total),
        decided_on=decided,
        move_out_deadline=date(2022, 6, 30),
    )


async def feed(app, *data) -> None:
    consumer = app.state.runtime.consumers["fund-svc.project-events"]
    await deliver(consumer, *(new_event(d, source="/project-svc", actor="clerk") for d in data))


async def outbox_of(app, kind: str) -> list[dict]:
    async with app.state.runtime.db.sessionmaker() as s:
        rows = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()
    return [json.loads(r.payload) for r in rows if r.event_type == f"expro.fund.{kind}.v1"]


async def setup(service_client, open_budget, deposit):
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"compensation": "1000.00"})
    await deposit(client, pid, "1000.00")
    return client, app, pid


async def test_an_agreement_becomes_a_payable_that_compensation_pays_toward_never_beyond_it(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    due = center_today() + timedelta(days=30)
    event = agreement(pid, "ag-1", "hh-1", "600.00", due)
    await feed(app, event, event)  # redelivered under another event id: still one payable
    fin = auth("fin", "finance")
    (payable,) = (await client.get(f"/v1/projects/{pid}/payables", headers=fin)).json()["items"]
    assert (payable["agreement_id"], payable["household_id"], payable["amount"]) == ("ag-1", "hh-1", "600.00")
    assert (payable["due_on"], payable["paid"], payable["status"]) == (due.isoformat(), "0.00", "open")
    (created,) = await outbox_of(app, "payable_created")
    assert created["data"]["payable_id"] == payable["id"] and created["data"]["amount"] == "600.00"

    def comp(amount: str, **extra: object) -> dict[str, object]:
        return {"category": "compensation", "amount": amount, "payee": "户主", "purpose": "补偿款"} | extra

    async def req(payload: dict[str, object]):
        return await client.post(
            f"/v1/projects/{pid}/disbursements",
            json=payload,
            headers=auth("clerk", "center_staff") | {"Idempotency-Key": uuid.uuid4().hex},
        )

    missing = await req(comp("1.00", agreement_id="ag-unknown"))
    assert missing.status_code == 409 and missing.json()["type"] == "/problems/payable-missing"
    wrong_household = await req(comp("1.00", agreement_id="ag-1", household_id="hh-2"))
    assert wrong_household.status_code == 422
    first = await req(comp("400.00", agreement_id="ag-1"))
    assert first.status_code == 201 and first.json()["household_id"] == "hh-1"
    assert first.json()["payable_id"] == payable["id"]
    beyond = await req(comp("200.01", agreement_id="ag-1"))
    assert beyond.status_code == 409 and beyond.json()["type"] == "/problems/payable-exceeded"
    assert beyond.json()["open"] == "200.00"

    d = first.json()["id"]
    await client.post(f"/v1/disbursements/{d}/review", json={"approve": True}, headers=auth("rev", "finance"))
    paid = await client.post(
        f"/v1/disbursements/{d}/pay",
        json={"paid_on": center_today().isoformat(), "bank_reference": "B1"},
        headers=auth("cashier", "finance"),
    )
    assert paid.status_code == 200, paid.text
    (payable,) = (await client.get(f"/v1/projects/{pid}/payables", headers=fin)).json()["items"]
    assert (payable["paid"], payable["held"], payable["open"], payable["status"]) == (
        "400.00",
        "0.00",
        "200.00",
        "open",
    )
    rest = await req(comp("200.00", agreement_id="ag-1"))
    rejected = await client.post(
        f"/v1/disbursements/{rest.json()['id']}/reject", json={"reason": "x"}, headers=auth("lead", "center_leader")
    )
    assert rejected.status_code == 200
    (payable,) = (await client.get(f"/v1/projects/{pid}/payables", headers=fin)).json()["items"]
    assert (payable["held"], payable["paid"]) == ("0.00", "400.00")
    # a compensation disbursement naming no agreement does not touch the payable
    assert (await req(comp("50.00"))).json()["payable_id"] is None


async def test_a_decision_is_payable_from_the_day_it_was_made_and_overdue_is_reported_once(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    yesterday = center_today() - timedelta(days=1)
    await feed(
        app,
        decision(pid, "dec-1", "hh-9", "300.00", yesterday),
        agreement(pid, "ag-due-today", "hh-2", "100.00", center_today()),
        agreement(pid, "ag-paid", "hh-3", "50.00", date(2022, 1, 1)),
    )
    # pay the old agreement in full: it is not overdue
    r = await client.post(
        f"/v1/projects/{pid}/disbursements",
        json={"category": "compensation", "amount": "50.00", "payee": "p", "purpose": "x", "agreement_id": "ag-paid"},
        headers=auth("clerk", "center_staff") | {"Idempotency-Key": "k"},
    )
    await client.post(
        f"/v1/disbursements/{r.json()['id']}/review", json={"approve": True}, headers=auth("rev", "finance")
    )
    await client.post(
        f"/v1/disbursements/{r.json()['id']}/pay",
        json={"paid_on": center_today().isoformat(), "bank_reference": "B"},
        headers=auth("cashier", "finance"),
    )
    reader = auth("aud", "auditor")
    overdue = (await client.get("/v1/payables/overdue", headers=reader)).json()["items"]
    assert [(p["decision_id"], p["status"], p["due_on"]) for p in overdue] == [
        ("dec-1", "overdue", yesterday.isoformat())
    ]
    statuses = {
        p["agreement_id"] or p["decision_id"]: p["status"]
        for p in (await client.get(f"/v1/projects/{pid}/payables", headers=reader)).json()["items"]
    }
    assert statuses == {"dec-1": "overdue", "ag-due-today": "open", "ag-paid": "paid"}
    assert (await client.get("/v1/payables/overdue", headers=auth("x", "owner_unit", org="其他公司"))).json()[
        "items"
    ] == []
    assert (
        len((await client.get("/v1/payables/overdue", headers=auth("o", "owner_unit", org="城投公司"))).json()["items"])
        == 1
    )

    sweeps = await asyncio.gather(
        *(client.post("/v1/payables/overdue-sweep", headers=auth(f"s{i}", "finance")) for i in range(3))
    )
    assert sorted(s.json()["reported"] for s in sweeps) == [0, 0, 1]
    again = await client.post("/v1/payables/overdue-sweep", headers=auth("s", "center_staff"))
    assert again.json()["reported"] == 0
    (reported,) = await outbox_of(app, "payable_overdue")
    assert reported["data"]["decision_id"] == "dec-1" and reported["data"]["paid"] == "0.00"
    assert reported["data"]["detected_on"] == center_today().isoformat()
    (row,) = [p for p in (await client.get("/v1/payables/overdue", headers=reader)).json()["items"]]
    assert row["overdue_reported_on"] == center_today().isoformat()


async def test_the_background_sweep_reports_at_start(service_client, open_budget, deposit) -> None:
    _client, app, pid = await setup(service_client, open_budget, deposit)
    await feed(app, agreement(pid, "ag-old", "hh-1", "10.00", date(2022, 1, 1)))
    rt = app.state.runtime
    ready: list[bool] = []
    task = asyncio.create_task(overdue_sweeper(lambda: rt.uow("fund-svc"), 3600)(ready.append))
    for _ in range(100):
        if await outbox_of(app, "payable_overdue"):
            break
        await asyncio.sleep(0.02)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert ready == [True]
    (reported,) = await outbox_of(app, "payable_overdue")
    assert reported["data"]["agreement_id"] == "ag-old" and reported["actor"] == "fund-svc"


@pytest.mark.parametrize("decision_first", [True, False])
async def test_a_household_with_a_decision_and_an_agreement_is_owed_once(
    service_client, auth, open_budget, deposit, decision_first
) -> None:
    """A compensation decision, then an agreement after all (or the two recorded the other way
    round, a decision dated before a later agreement): one payable, which the agreement
    governs; paying toward the decision and then the agreement never pays the household twice."""
    client, app, pid = await setup(service_client, open_budget, deposit)
    due = center_today() + timedelta(days=30)
    by_decision = decision(pid, "dec-1", "hh-1", "500.00", center_today() - timedelta(days=60))
    by_agreement = agreement(pid, "ag-1", "hh-1", "600.00", due)
    fin = auth("fin", "finance")

    async def req(amount: str, **named: str):
        return await client.post(
            f"/v1/projects/{pid}/disbursements",
            json={"category": "compensation", "amount": amount, "payee": "户主", "purpose": "补偿款"} | named,
            headers=auth("clerk", "center_staff") | {"Idempotency-Key": uuid.uuid4().hex},
        )

    if decision_first:
        await feed(app, by_decision)
        assert (await req("300.00", decision_id="dec-1")).status_code == 201  # held toward the decision
        await feed(app, by_agreement)
    else:
        await feed(app, by_agreement, by_decision)
        assert (await req("300.00", decision_id="dec-1")).status_code == 201
    (payable,) = (await client.get(f"/v1/projects/{pid}/payables", headers=fin)).json()["items"]
    assert (payable["agreement_id"], payable["decision_id"]) == ("ag-1", "dec-1")
    assert (payable["amount"], payable["held"], payable["paid"]) == ("600.00", "300.00", "0.00")
    beyond = await req("300.01", agreement_id="ag-1")
    assert beyond.status_code == 409 and beyond.json()["type"] == "/problems/payable-exceeded"
    assert (await req("300.00", agreement_id="ag-1")).status_code == 201
    assert (await req("0.01", decision_id="dec-1")).status_code == 409
