"""Fault injection on a stack of its own (so the other end-to-end tests never see the
rebalances these faults cause): a service killed mid-saga, and a broker restart."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from deploy.embedded import Stack
from tests.e2e.conftest import Watcher, running_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("faults")) as st:
        yield st


async def test_fund_svc_killed_while_an_issuance_is_pending(stack, api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "2000.00", events)
    tid = await api.new_task_order(lead, pid)
    assert (await api.deposit(finance, pid, "2000.00", "K-1", f"{pid}-1")).status_code == 201

    stack.services["fund-svc"].kill()
    r = await api.client.post(f"{api.project}/v1/task-orders/{tid}/issue", headers=lead | {"Prefer": "wait=1"})
    assert r.status_code == 202 and r.json()["status"] == "pending_funds"
    await events.wait_for("expro.project.task_order_issuance_requested.v1", task_order_id=tid)

    stack.restart("fund-svc")
    issued = await events.wait_for("expro.project.task_order_issued.v1", timeout=60, task_order_id=tid)
    assert issued.data["task_order_id"] == tid
    decisions = events.matching("expro.fund.funding_confirmed.v1", task_order_id=tid) + events.matching(
        "expro.fund.funding_shortfall.v1", task_order_id=tid
    )
    assert len(decisions) == 1
    order = (await api.client.get(f"{api.project}/v1/task-orders/{tid}", headers=lead)).json()
    assert order["status"] == "issued"
    account = (await api.client.get(f"{api.fund}/v1/projects/{pid}/account", headers=finance)).json()
    assert account["committed"] == "2000.00"


async def test_the_saga_recovers_after_the_broker_restarts(stack, api, lead, finance) -> None:
    """Tansu (memory storage) loses every topic, group and offset on a restart; the relays
    and consumers re-create topics and rejoin, and new work completes end to end."""
    assert stack.broker is not None
    stack.broker.stop()
    stack.broker.start()
    events = Watcher(stack.kafka_bootstrap or "")
    await events.start()
    try:
        started = time.monotonic()
        pid = await api.new_project(lead, "城投公司", "300.00", events, timeout=60)
        print(f"\nfirst saga step after the broker restart: {time.monotonic() - started:.1f} s")
        tid = await api.new_task_order(lead, pid)
        assert (await api.deposit(finance, pid, "300.00", "BR-1", f"{pid}-1")).status_code == 201
        r = await api.client.post(f"{api.project}/v1/task-orders/{tid}/issue", headers=lead | {"Prefer": "wait=30"})
        assert r.status_code == 200, r.text
        await events.wait_for("expro.project.task_order_issued.v1", task_order_id=tid)
    finally:
        await events.stop()
