"""The core contract end to end (docs/design.md §4–§5): real processes, real broker, real databases."""

from __future__ import annotations

import time

import pytest

from tests.support import bearer

pytestmark = pytest.mark.e2e

WAIT = {"Prefer": "wait=20"}


async def test_shortfall_then_partial_then_issued(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "1000.00", events)
    tid = await api.new_task_order(lead, pid)
    issue = f"{api.project}/v1/task-orders/{tid}/issue"

    # Zero deposits: 409 deposit-shortfall with the exact shortfall.
    r = await api.client.post(issue, headers=lead | WAIT)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/deposit-shortfall"
    assert (problem["required"], problem["deposited"], problem["shortfall"]) == ("1000.00", "0.00", "1000.00")
    order = (await api.client.get(f"{api.project}/v1/task-orders/{tid}", headers=lead)).json()
    assert (order["status"], order["shortfall"]) == ("blocked", "1000.00")

    # A partial deposit: blocked again, with the new shortfall.
    assert (await api.deposit(finance, pid, "400.00", "ICBC-1", f"{pid}-1")).status_code == 201
    r = await api.client.post(issue, headers=lead | WAIT)
    assert r.status_code == 409 and r.json()["shortfall"] == "600.00" and r.json()["deposited"] == "400.00"

    # The full deposit: issued, synchronously with Prefer: wait.
    assert (await api.deposit(finance, pid, "600.00", "ICBC-2", f"{pid}-2")).status_code == 201
    started = time.perf_counter()
    r = await api.client.post(issue, headers=lead | WAIT)
    elapsed = time.perf_counter() - started
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "issued" and r.json()["issued_at"]
    assert r.headers["Preference-Applied"] == "wait=20"
    print(f"\nissued-with-Prefer-wait round trip: {elapsed * 1000:.0f} ms")

    account = (await api.client.get(f"{api.fund}/v1/projects/{pid}/account", headers=finance)).json()
    assert account["fully_funded"] is True
    assert (account["required"], account["deposited"], account["shortfall"]) == ("1000.00", "1000.00", "0.00")
    assert (account["committed"], account["available"]) == ("1000.00", "0.00")

    issued = await events.wait_for("expro.project.task_order_issued.v1", task_order_id=tid)
    assert len(events.matching("expro.project.task_order_blocked.v1", task_order_id=tid)) == 2
    assert issued.actor == "leader-1" and issued.subject == pid
    assert issued.traceparent and issued.correlationid


async def test_a_refund_that_would_undercut_an_issued_order_is_refused(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "500.00", events)
    tid = await api.new_task_order(lead, pid)
    assert (await api.deposit(finance, pid, "500.00", "B-1", f"{pid}-1")).status_code == 201
    r = await api.client.post(f"{api.project}/v1/task-orders/{tid}/issue", headers=lead | WAIT)
    assert r.status_code == 200, r.text
    r = await api.client.post(
        f"{api.fund}/v1/projects/{pid}/refunds",
        json={"amount": "0.01", "reason": "退回"},
        headers=finance | {"Idempotency-Key": f"{pid}-refund"},
    )
    assert r.status_code == 409 and r.json()["available"] == "0.00"


async def test_the_same_idempotency_key_replays_the_deposit(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    first = await api.deposit(finance, pid, "30.00", "R-1", f"{pid}-same")
    again = await api.deposit(finance, pid, "30.00", "R-1", f"{pid}-same")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    account = (await api.client.get(f"{api.fund}/v1/projects/{pid}/account", headers=finance)).json()
    assert account["deposited"] == "30.00"
    await events.wait_for("expro.fund.deposit_recorded.v1", deposit_id=first.json()["id"])
    assert len(events.matching("expro.fund.deposit_recorded.v1", project_id=pid)) == 1


async def test_callers_without_a_token_or_of_another_org_are_refused(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    r = await api.client.get(f"{api.fund}/v1/projects/{pid}/account")
    assert r.status_code == 401 and r.json()["type"] == "/problems/unauthorized"
    r = await api.client.post(f"{api.project}/v1/projects", json={})
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    stranger = bearer("other-owner", "owner_unit", org="别的公司")
    r = await api.deposit(stranger, pid, "10.00", "X-1", f"{pid}-x")
    assert r.status_code in (403, 404) and r.json()["type"] in ("/problems/forbidden", "/problems/not-found")
    assert (await api.client.get(f"{api.project}/v1/projects/{pid}", headers=stranger)).status_code == 404
    owner = bearer("own-owner", "owner_unit", org="城投公司")
    assert (await api.deposit(owner, pid, "10.00", "X-2", f"{pid}-y")).status_code == 201


async def test_without_prefer_the_issue_is_accepted_and_decided_later(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    tid = await api.new_task_order(lead, pid)
    r = await api.client.post(f"{api.project}/v1/task-orders/{tid}/issue", headers=lead)
    assert r.status_code == 202 and r.json()["status"] == "pending_funds"
    blocked = await events.wait_for("expro.project.task_order_blocked.v1", task_order_id=tid)
    assert blocked.data["shortfall"] == "100.00"
    r = await api.client.get(f"{api.project}/v1/task-orders/{tid}", headers=lead)
    assert r.json()["status"] == "blocked"


async def test_every_event_is_sealed_in_the_audit_chain(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    registered = await events.wait_for("expro.project.project_registered.v1", project_id=pid)
    sealed = await events.wait_for("expro.audit.record_sealed.v1", event_id=registered.id)
    assert sealed.subject == pid and len(sealed.data["hash"]) == 64
    auditor = bearer("auditor-1", "auditor")
    r = await api.client.get(f"{api.audit}/v1/audit/records/{registered.id}", headers=auditor)
    assert r.status_code == 200, r.text
    verify = (await api.client.get(f"{api.audit}/v1/audit/verify", headers=auditor)).json()
    assert verify["valid"] is True and verify["records"] >= 1
