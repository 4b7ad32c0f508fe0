"""Speed targets (make bench), never asserted in timed tests.

Target: an issue request with ``Prefer: wait`` on a fully funded project answers 200 in
under 250 ms at the median on the embedded stack (Tansu, SQLite).
"""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

pytestmark = pytest.mark.benchmark

ROUNDS = 20
TARGET_MEDIAN_S = 0.25


async def test_issue_with_prefer_wait_round_trip(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    assert (await api.deposit(finance, pid, "100.00", "BENCH-1", f"{pid}-1")).status_code == 201
    timings = []
    for _ in range(ROUNDS):
        tid = await api.new_task_order(lead, pid)
        started = time.perf_counter()
        r = await api.client.post(f"{api.project}/v1/task-orders/{tid}/issue", headers=lead | {"Prefer": "wait=20"})
        timings.append(time.perf_counter() - started)
        assert r.status_code == 200
    median = statistics.median(timings)
    p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
    print(f"\nissue with Prefer: wait — median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms over {ROUNDS}")
    assert median < TARGET_MEDIAN_S


async def test_deposit_throughput(api, events, lead, finance) -> None:
    pid = await api.new_project(lead, "城投公司", "1000000.00", events)
    n = 100
    started = time.perf_counter()
    results = await asyncio.gather(*(api.deposit(finance, pid, "1.00", f"T-{i}", f"{pid}-{i}") for i in range(n)))
    elapsed = time.perf_counter() - started
    assert all(r.status_code == 201 for r in results)
    account = (await api.client.get(f"{api.fund}/v1/projects/{pid}/account", headers=finance)).json()
    assert account["deposited"] == f"{n}.00"
    print(f"\n{n} concurrent deposits in {elapsed:.2f} s ({n / elapsed:.0f}/s), none lost")
