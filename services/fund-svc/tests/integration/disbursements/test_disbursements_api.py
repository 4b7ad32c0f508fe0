"""Disbursements over HTTP on the real database: request → review (→ approval) → pay, each
by another person; holds within the category's budget and the account's deposits; reject
voids, pay posts; the account shows held and paid."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from expro_shared.requests import center_today
from expro_shared.tables import OutboxRecord
from fund_svc.bootstrap import create_app

pytestmark = pytest.mark.db

REQUESTER = ("clerk", "center_staff")
REVIEWER = ("reviewer", "finance")
LEADER = ("leader", "center_leader")
CASHIER = ("cashier", "finance")


def body(amount: str, category: str = "working_funds", **extra: object) -> dict[str, object]:
    return {"category": category, "amount": amount, "payee": "某某公司", "purpose": "工作经费"} | extra


async def setup(service_client, open_budget, deposit, items=None, deposited="1000.00"):
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, items or {"working_funds": "600.00", "compensation": "400.00"})
    if deposited:
        await deposit(client, pid, deposited)
    return client, app, pid


async def request(client, auth, pid, payload, key=None, who=REQUESTER):
    return await client.post(
        f"/v1/projects/{pid}/disbursements",
        json=payload,
        headers=auth(*who) | {"Idempotency-Key": key or uuid.uuid4().hex},
    )


async def account(client, auth, pid):
    return (await client.get(f"/v1/projects/{pid}/account", headers=auth(*REVIEWER))).json()


async def outbox(app) -> list[dict[str, object]]:
    async with app.state.runtime.db.sessionmaker() as s:
        rows = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()
    return [json.loads(r.payload) for r in rows]


async def test_a_disbursement_below_the_threshold_is_requested_reviewed_and_paid_by_three_people(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    r = await request(client, auth, pid, body("250.00"))
    assert r.status_code == 201, r.text
    d = r.json()
    assert (d["status"], d["requested_by"], d["requested_on"]) == ("requested", "clerk", center_today().isoformat())
    acct = await account(client, auth, pid)
    assert (acct["held"], acct["paid"], acct["available"]) == ("250.00", "0.00", "750.00")
    wf = next(c for c in acct["categories"] if c["category"] == "working_funds")
    assert (wf["budget"], wf["held"], wf["paid"], wf["remaining"]) == ("600.00", "250.00", "0.00", "350.00")

    # paying before the review names the missing step
    early = await client.post(
        f"/v1/disbursements/{d['id']}/pay",
        json={"paid_on": "2022-04-01", "bank_reference": "B1"},
        headers=auth(*CASHIER),
    )
    assert early.status_code == 409 and early.json()["type"] == "/problems/disbursement-not-approved"
    assert early.json()["current_status"] == "requested"

    reviewed = await client.post(
        f"/v1/disbursements/{d['id']}/review", json={"approve": True, "comment": "ok"}, headers=auth(*REVIEWER)
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved", reviewed.text
    assert reviewed.json()["approved_by"] == "reviewer"

    today = center_today().isoformat()
    paid = await client.post(
        f"/v1/disbursements/{d['id']}/pay", json={"paid_on": today, "bank_reference": "B1"}, headers=auth(*CASHIER)
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.text
    assert (paid.json()["paid_by"], paid.json()["paid_on"]) == ("cashier", today)
    acct = await account(client, auth, pid)
    assert (acct["held"], acct["paid"], acct["disbursed"], acct["available"]) == ("0.00", "250.00", "250.00", "750.00")
    wf = next(c for c in acct["categories"] if c["category"] == "working_funds")
    assert (wf["held"], wf["paid"], wf["remaining"]) == ("0.00", "250.00", "350.00")

    again = await client.post(
        f"/v1/disbursements/{d['id']}/pay", json={"paid_on": today, "bank_reference": "B1"}, headers=auth(*CASHIER)
    )
    assert again.status_code == 409 and again.json()["current_status"] == "paid"

    events = await outbox(app)
    types = [e["type"].split(".")[2] for e in events if ".disbursement_" in e["type"]]
    assert types == ["disbursement_requested", "disbursement_reviewed", "disbursement_approved", "disbursement_paid"]
    (paid_event,) = [e for e in events if e["type"] == "expro.fund.disbursement_paid.v1"]
    assert {k: paid_event["data"][k] for k in ("disbursement_id", "category", "amount", "paid_on")} == {
        "disbursement_id": d["id"],
        "category": "working_funds",
        "amount": "250.00",
        "paid_on": today,
    }
    for field in ("household_id", "agreement_id", "transition_fee", "paid_on_behalf_of"):
        assert field in paid_event["data"]
    assert paid_event["actor"] == "cashier" and paid_event["subject"] == pid


async def test_at_or_above_the_threshold_the_leader_approves_and_nobody_takes_two_steps(
    service_client, auth, open_budget, deposit, monkeypatch
) -> None:
    monkeypatch.setenv("FUND_SVC_LEADER_THRESHOLD", "300.00")
    client, _app, pid = await setup(service_client, open_budget, deposit)
    d = (await request(client, auth, pid, body("300.00"), who=("fin-a", "finance"))).json()

    own = await client.post(
        f"/v1/disbursements/{d['id']}/review", json={"approve": True}, headers=auth("FIN-A", "finance")
    )
    assert own.status_code == 403 and own.json()["type"] == "/problems/maker-checker"
    leader_first = await client.post(f"/v1/disbursements/{d['id']}/approve", json={}, headers=auth(*LEADER))
    assert leader_first.status_code == 409 and leader_first.json()["type"] == "/problems/disbursement-not-reviewed"

    reviewed = await client.post(
        f"/v1/disbursements/{d['id']}/review", json={"approve": True, "comment": "核"}, headers=auth("fin-b", "finance")
    )
    assert reviewed.json()["status"] == "reviewed"
    # a leader who also holds finance and reviewed it may not approve it
    both = await client.post(
        f"/v1/disbursements/{d['id']}/approve", json={}, headers=auth("fin-b", "finance", "center_leader")
    )
    assert both.status_code == 403 and both.json()["type"] == "/problems/maker-checker"
    also_requester = await client.post(
        f"/v1/disbursements/{d['id']}/approve", json={}, headers=auth("fin-a", "center_leader")
    )
    assert also_requester.status_code == 403
    not_yet = await client.post(
        f"/v1/disbursements/{d['id']}/pay",
        json={"paid_on": center_today().isoformat(), "bank_reference": "B"},
        headers=auth(*CASHIER),
    )
    assert not_yet.status_code == 409 and not_yet.json()["current_status"] == "reviewed"
    approved = await client.post(
        f"/v1/disbursements/{d['id']}/approve", json={"comment": "同意"}, headers=auth(*LEADER)
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (approved.json()["approved_by"], approved.json()["approval_comment"]) == ("leader", "同意")
    for payer in ("fin-a", "fin-b"):
        r = await client.post(
            f"/v1/disbursements/{d['id']}/pay",
            json={"paid_on": center_today().isoformat(), "bank_reference": "B"},
            headers=auth(payer, "finance"),
        )
        assert r.status_code == 403 and r.json()["type"] == "/problems/maker-checker", payer
    assert (await account(client, auth, pid))["held"] == "300.00"


async def test_holds_stop_at_the_category_budget_and_at_the_money_deposited(
    service_client, auth, open_budget, deposit
) -> None:
    client, _app, pid = await setup(service_client, open_budget, deposit, deposited="500.00")
    over_budget = await request(client, auth, pid, body("600.01"))
    assert over_budget.status_code == 409 and over_budget.json()["type"] == "/problems/category-budget-exceeded"
    assert (over_budget.json()["category"], over_budget.json()["remaining"]) == ("working_funds", "600.00")
    no_budget = await request(client, auth, pid, body("1.00", category="demolition"))
    assert no_budget.status_code == 409 and no_budget.json()["remaining"] == "0.00"
    first = await request(client, auth, pid, body("400.00"))
    assert first.status_code == 201
    over_money = await request(client, auth, pid, body("100.01", category="compensation"))
    assert over_money.status_code == 409 and over_money.json()["type"] == "/problems/insufficient-funds"
    assert over_money.json()["unheld"] == "100.00"
    assert (await request(client, auth, pid, body("100.00", category="compensation"))).status_code == 201
    acct = await account(client, auth, pid)
    assert (acct["held"], acct["available"]) == ("500.00", "0.00")
    # a refund may not take held money
    refund = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "0.01", "reason": "多缴"},
        headers=auth(*REVIEWER) | {"Idempotency-Key": "r"},
    )
    assert refund.status_code == 409 and refund.json()["available"] == "0.00"


async def test_a_rejection_voids_the_hold_and_a_negative_review_rejects(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, open_budget, deposit)
    a = (await request(client, auth, pid, body("200.00"))).json()
    b = (await request(client, auth, pid, body("300.00"))).json()
    assert (await account(client, auth, pid))["held"] == "500.00"
    rejected = await client.post(
        f"/v1/disbursements/{a['id']}/reject", json={"reason": "重复申请"}, headers=auth(*LEADER)
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["reject_reason"] == "重复申请"
    denied = await client.post(
        f"/v1/disbursements/{b['id']}/review", json={"approve": False, "comment": "无依据"}, headers=auth(*REVIEWER)
    )
    assert denied.json()["status"] == "rejected" and denied.json()["rejected_by"] == "reviewer"
    acct = await account(client, auth, pid)
    assert (acct["held"], acct["available"]) == ("0.00", "1000.00")
    wf = next(c for c in acct["categories"] if c["category"] == "working_funds")
    assert wf["remaining"] == "600.00"
    twice = await client.post(f"/v1/disbursements/{a['id']}/reject", json={"reason": "x"}, headers=auth(*LEADER))
    assert twice.status_code == 409 and twice.json()["type"] == "/problems/disbursement-closed"
    review_rejected = await client.post(
        f"/v1/disbursements/{a['id']}/review", json={"approve": True}, headers=auth(*REVIEWER)
    )
    assert (
        review_rejected.status_code == 409 and review_rejected.json()["type"] == "/problems/disbursement-not-requested"
    )
    types = [e["type"] for e in await outbox(app)]
    assert types.count("expro.fund.disbursement_rejected.v1") == 2


async def test_bad_input_changes_nothing(service_client, auth, open_budget, deposit) -> None:
    client, _app, pid = await setup(service_client, open_budget, deposit)
    tomorrow = (center_today() + timedelta(days=1)).isoformat()
    for bad in (
        body("0.00"),
        body("1.001"),
        body(1),  # type: ignore[arg-type]
        body("1.00", category="nope"),
        body("1.00", requested_on=tomorrow),
        body("1.00", agreement_id="a", decision_id="d"),
        body("1.00", transition_fee={"kind": "transition", "period_from": "2022-03-31", "period_to": "2022-03-01"}),
        body("1.00", transition_fee={"kind": "other", "period_from": "2022-03-01", "period_to": "2022-03-31"}),
        body("1.00", extra="x"),
    ):
        r = await request(client, auth, pid, bad)
        assert r.status_code == 422, (bad, r.text)
    d = (await request(client, auth, pid, body("10.00", requested_on="2022-03-01"))).json()
    await client.post(f"/v1/disbursements/{d['id']}/review", json={"approve": True}, headers=auth(*REVIEWER))
    for pay in ({"paid_on": tomorrow, "bank_reference": "B"}, {"paid_on": "2022-02-28", "bank_reference": "B"}):
        r = await client.post(f"/v1/disbursements/{d['id']}/pay", json=pay, headers=auth(*CASHIER))
        assert r.status_code == 422, r.text
    acct = await account(client, auth, pid)
    assert (acct["held"], acct["paid"]) == ("10.00", "0.00")
    unknown = await request(client, auth, str(uuid.uuid4()), body("1.00"))
    assert unknown.status_code == 404


async def test_requests_are_idempotent_and_lists_filter(service_client, auth, open_budget, deposit) -> None:
    client, _app, pid = await setup(service_client, open_budget, deposit)
    first = await request(client, auth, pid, body("10.00", household_id="hh-1"), key="k1")
    replay = await request(client, auth, pid, body("10.00", household_id="hh-1"), key="k1")
    assert replay.status_code == 201 and replay.json() == first.json()
    reused = await request(client, auth, pid, body("11.00"), key="k1")
    assert reused.status_code == 422 and reused.json()["type"] == "/problems/idempotency-key-reused"
    await request(client, auth, pid, body("20.00", category="compensation"))
    assert (await account(client, auth, pid))["held"] == "30.00"

    url = f"/v1/projects/{pid}/disbursements"
    reader = auth("aud", "auditor")
    assert len((await client.get(url, headers=reader)).json()["items"]) == 2
    only = (await client.get(url, params={"household_id": "hh-1"}, headers=reader)).json()["items"]
    assert [d["id"] for d in only] == [first.json()["id"]]
    comp = (await client.get(url, params={"category": "compensation"}, headers=reader)).json()["items"]
    assert [d["amount"] for d in comp] == ["20.00"]
    assert (await client.get(url, params={"status": "paid"}, headers=reader)).json()["items"] == []
    page = (await client.get(url, params={"limit": 1}, headers=reader)).json()
    assert page["next_cursor"] and len(page["items"]) == 1
    rest = (await client.get(url, params={"limit": 1, "cursor": page["next_cursor"]}, headers=reader)).json()
    assert rest["items"][0]["amount"] == "20.00"

    one = f"/v1/disbursements/{first.json()['id']}"
    assert (await client.get(one, headers=auth("o", "owner_unit", org="城投公司"))).status_code == 200
    other = await client.get(one, headers=auth("x", "owner_unit", org="其他公司"))
    assert other.status_code == 404
    assert (await client.get(url, headers=auth("x", "owner_unit", org="其他公司"))).status_code == 404


async def test_every_step_carries_its_day_and_none_lies_before_the_step_it_follows(
    service_client, auth, open_budget, deposit, monkeypatch
) -> None:
    monkeypatch.setenv("FUND_SVC_LEADER_THRESHOLD", "100.00")
    client, _app, pid = await setup(service_client, open_budget, deposit)
    d = (await request(client, auth, pid, body("150.00", requested_on="2022-03-10"))).json()
    url = f"/v1/disbursements/{d['id']}"
    early = await client.post(
        f"{url}/review", json={"approve": True, "reviewed_on": "2022-03-09"}, headers=auth(*REVIEWER)
    )
    assert early.status_code == 422 and early.json()["errors"][0]["loc"] == ["body", "reviewed_on"]
    r = await client.post(f"{url}/review", json={"approve": True, "reviewed_on": "2022-03-12"}, headers=auth(*REVIEWER))
    assert (r.json()["status"], r.json()["reviewed_on"]) == ("reviewed", "2022-03-12")
    early = await client.post(f"{url}/approve", json={"approved_on": "2022-03-11"}, headers=auth(*LEADER))
    assert early.status_code == 422
    a = await client.post(f"{url}/approve", json={"approved_on": "2022-03-15"}, headers=auth(*LEADER))
    assert a.json()["approved_on"] == "2022-03-15"
    early = await client.post(
        f"{url}/pay", json={"paid_on": "2022-03-14", "bank_reference": "B"}, headers=auth(*CASHIER)
    )
    assert early.status_code == 422 and early.json()["errors"][0]["loc"] == ["body", "paid_on"]
    paid = await client.post(
        f"{url}/pay", json={"paid_on": "2022-03-15", "bank_reference": "B"}, headers=auth(*CASHIER)
    )
    assert paid.json()["paid_on"] == "2022-03-15"

    other = (await request(client, auth, pid, body("10.00", requested_on="2022-03-10"))).json()
    early = await client.post(
        f"/v1/disbursements/{other['id']}/reject",
        json={"reason": "x", "rejected_on": "2022-03-01"},
        headers=auth(*LEADER),
    )
    assert early.status_code == 422
    rej = await client.post(
        f"/v1/disbursements/{other['id']}/reject",
        json={"reason": "x", "rejected_on": "2022-03-20"},
        headers=auth(*LEADER),
    )
    assert rej.json()["rejected_on"] == "2022-03-20"
