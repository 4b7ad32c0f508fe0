"""The reliability suite: a seeded workload across all four services while processes are
SIGKILLed (by a chaos driver, and by themselves right after a commit, before answering),
the broker is paused and then restarted; afterwards every acknowledged effect is present
exactly once, every saga is terminal, the ledgers balance, and the audit trail verifies
and holds every published event exactly once. Then every consumer group is reset to offset
0 and the replay changes no table.

`make test` runs it small; `make reliability` runs it with EXPRO_RELIABILITY_OPS=1000 on
SQLite and on PostgreSQL and prints the figures."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from deploy.embedded import Stack
from tests.e2e.conftest import running_stack
from tests.reliability.checks import checksums, describe_missing, query, trail_gap
from tests.support import bearer, topic_partitions

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]

OPS = int(os.environ.get("EXPRO_RELIABILITY_OPS", "120"))
SEED = int(os.environ.get("EXPRO_RELIABILITY_SEED", "20221231"))
CRASH_AFTER_COMMIT = os.environ.get("EXPRO_RELIABILITY_CRASH_AFTER_COMMIT", "0.01")
WORKERS = 8
LEAD = bearer("leader-1", "center_leader")
FINANCE = [bearer(f"finance-{i}", "finance") for i in range(3)]
AUDITOR = bearer("auditor-1", "auditor")
TERMINAL = {"issued", "blocked", "failed"}


@dataclass
class Figures:
    operations: int = 0
    retries: int = 0
    replayed: int = 0
    chaos_kills: int = 0
    restarts_after_fault: int = 0
    broker_pauses: int = 0
    broker_restarts: int = 0
    deposits: dict[str, dict[str, int]] = field(default_factory=dict)  # project → deposit id → fen
    refunded: Counter[str] = field(default_factory=Counter)  # project → fen
    required: dict[str, int] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)  # task order → project


def fen(yuan: str) -> int:
    whole, _, frac = yuan.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0"))


def yuan(f: int) -> str:
    return f"{f // 100}.{f % 100:02d}"


class Client:
    """An impatient but correct client: every write carries an Idempotency-Key (or is a
    PUT), and anything without a definitive answer — connection refused or reset, timeout,
    5xx — is sent again, unchanged, until it gets one."""

    def __init__(self, stack: Stack, http: httpx.AsyncClient, figures: Figures) -> None:
        self.url = {name: svc.url for name, svc in stack.services.items()}
        self.http = http
        self.figures = figures

    async def call(self, service: str, method: str, path: str, *, retry_404: bool = False, **kw: Any) -> httpx.Response:
        self.figures.operations += 1
        deadline = time.monotonic() + 240
        attempt = 0
        while True:
            try:
                r = await self.http.request(method, self.url[service] + path, **kw)
                if r.status_code < 500 and not (retry_404 and r.status_code == 404):
                    if attempt and r.headers.get("idempotent-replayed") == "true":
                        self.figures.replayed += 1
                    return r
            except httpx.HTTPError:
                pass
            attempt += 1
            self.figures.retries += 1
            assert time.monotonic() < deadline, f"{method} {path} got no definitive answer"
            await asyncio.sleep(0.25)


async def project_flow(client: Client, rng: random.Random, figures: Figures, n: int) -> None:
    """One project's life: register, budget, task order, deposits (sometimes short), issue
    (topping up a shortfall), sometimes a maker-checker refund of the excess, reads."""
    r = await client.call(
        "project-svc",
        "POST",
        "/v1/projects",
        json={
            "code": f"ZS-{SEED}-{n}",
            "name": f"片区{n}",
            "land_type": rng.choice(["state_owned", "collective"]),
            "district": rng.choice(["城南区", "城北区"]),
            "owner_unit": "城投公司",
            "planned_households": rng.randint(1, 300),
            "planned_area_m2": f"{rng.randint(100, 20000)}.00",
        },
        headers=LEAD | {"Idempotency-Key": f"project-{SEED}-{n}"},
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    required = rng.randint(100_00, 50_000_00)
    r = await client.call(
        "project-svc",
        "PUT",
        f"/v1/projects/{pid}/budget",
        json={"items": [{"category": "compensation", "amount": yuan(required)}]},
        headers=LEAD,
    )
    assert r.status_code == 200, r.text
    figures.required[pid] = required
    figures.deposits[pid] = {}
    r = await client.call(
        "project-svc",
        "POST",
        f"/v1/projects/{pid}/task-orders",
        json={"title": "征收任务", "scope": "全部", "due_date": "2023-06-30"},
        headers=LEAD | {"Idempotency-Key": f"order-{SEED}-{n}"},
    )
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    figures.orders[tid] = pid

    async def deposit(amount: int, tag: str) -> None:
        r = await client.call(
            "fund-svc",
            "POST",
            f"/v1/projects/{pid}/deposits",
            json={
                "amount": yuan(amount),
                "bank_reference": f"B-{SEED}-{n}-{tag}",
                "payer": "城投公司",
                "received_at": "2022-03-15T10:30:00+08:00",
            },
            headers=rng.choice(FINANCE) | {"Idempotency-Key": f"deposit-{SEED}-{n}-{tag}"},
            retry_404=True,  # the account opens when fund-svc has consumed the registration
        )
        assert r.status_code == 201, r.text
        figures.deposits[pid][r.json()["id"]] = amount

    target = int(required * rng.choice([0.5, 1.0, 1.0, 1.2]))
    parts = rng.randint(1, 3)
    for i in range(parts):
        await deposit(target // parts + (target % parts if i == 0 else 0), f"d{i}")
    for round_ in range(3):
        r = await client.call(
            "project-svc",
            "POST",
            f"/v1/task-orders/{tid}/issue",
            headers=LEAD | {"Prefer": "wait=3", "Idempotency-Key": f"issue-{SEED}-{n}-{round_}"},
        )
        assert r.status_code in (200, 202, 409), r.text
        problem = r.json().get("type") if r.status_code == 409 else None
        if problem == "/problems/deposit-shortfall":
            await deposit(fen(r.json()["shortfall"]), f"top{round_}")
            continue
        if problem == "/problems/task-order-not-issuable" and r.json()["current_status"] == "pending_funds":
            break  # a round still pending: the saga finishes on its own
        assert problem in (None, "/problems/issuance-failed"), r.text
        break
    excess = sum(figures.deposits[pid].values()) - required
    if excess > 0 and rng.random() < 0.5:
        amount = rng.randint(1, excess)
        r = await client.call(
            "fund-svc",
            "POST",
            f"/v1/projects/{pid}/refunds",
            json={"amount": yuan(amount), "reason": "多缴退回"},
            headers=FINANCE[0] | {"Idempotency-Key": f"refund-{SEED}-{n}"},
        )
        if r.status_code == 201:  # 409 when the order was not issued yet: nothing committed to keep
            rid = r.json()["id"]
            r = await client.call("fund-svc", "POST", f"/v1/refunds/{rid}/approve", headers=FINANCE[1])
            if r.status_code == 409:  # answered after a crash: it completed the first time
                assert r.json()["type"] == "/problems/refund-not-pending" and r.json()["current_status"] == "completed"
            else:
                assert r.status_code == 200, r.text
            figures.refunded[pid] += amount
        else:
            assert r.status_code == 409 and r.json()["type"] == "/problems/refund-exceeds-available", r.text
    await client.call("fund-svc", "GET", f"/v1/projects/{pid}/account", headers=FINANCE[2])
    await client.call("project-svc", "GET", f"/v1/task-orders/{tid}", headers=AUDITOR)


async def chaos(stack: Stack, rng: random.Random, figures: Figures, stop: asyncio.Event, pause_broker: bool) -> None:
    """Every ``OPS / 12`` operations, SIGKILL a random service and start it again (and any
    process the injected faults killed); at the first, also pause the broker (SIGSTOP) 10 s."""
    every = max(8, OPS // 12)
    next_kill = figures.operations + rng.randint(every // 2, every)
    paused = not pause_broker
    guard = asyncio.create_task(keep_alive(stack, figures, stop))
    while not stop.is_set():
        if figures.operations >= next_kill:
            svc = stack.services[rng.choice(sorted(stack.services))]
            svc.kill()
            figures.chaos_kills += 1
            svc.start()
            next_kill = figures.operations + rng.randint(every // 2, every)
            if not paused and stack.broker and stack.broker.proc:
                paused = True
                os.kill(stack.broker.proc.pid, signal.SIGSTOP)
                figures.broker_pauses += 1
                await asyncio.sleep(10)
                os.kill(stack.broker.proc.pid, signal.SIGCONT)
        await asyncio.sleep(0.05)
    await guard


async def run_workload(stack: Stack, figures: Figures, *, flows: int, first: int, pause_broker: bool) -> None:
    rng = random.Random(SEED + first)
    stop = asyncio.Event()
    async with httpx.AsyncClient(timeout=30) as http:
        client = Client(stack, http, figures)
        queue = list(range(first, first + flows))

        async def worker() -> None:
            while queue:
                n = queue.pop(0)
                await project_flow(client, random.Random(SEED * 1000 + n), figures, n)

        driver = asyncio.create_task(chaos(stack, rng, figures, stop, pause_broker))
        try:
            await asyncio.gather(*(worker() for _ in range(WORKERS)))
        finally:
            stop.set()
            await driver


async def keep_alive(stack: Stack, figures: Figures, stop: asyncio.Event) -> None:
    """What a process manager does: start again any service that died (the injected faults
    go on killing consumers while they work through the backlog)."""
    while not stop.is_set():
        for svc in stack.services.values():
            if svc.proc is not None and svc.proc.poll() is not None:
                figures.restarts_after_fault += 1
                svc.start()
        await asyncio.sleep(0.2)


async def settle(stack: Stack, figures: Figures, timeout: float = 240) -> None:
    """Every service up and quiet: every order terminal, every published event sealed."""
    stop = asyncio.Event()
    guard = asyncio.create_task(keep_alive(stack, figures, stop))
    deadline = time.monotonic() + timeout
    try:
        async with httpx.AsyncClient(timeout=30) as http:
            while True:
                try:
                    statuses = [
                        (
                            await http.get(f"{stack.services['project-svc'].url}/v1/task-orders/{t}", headers=AUDITOR)
                        ).json()["status"]
                        for t in figures.orders
                    ]
                except httpx.HTTPError:
                    statuses = ["unknown"]
                missing, unknown, unpublished = await trail_gap(stack)
                if all(s in TERMINAL for s in statuses) and not missing and not unpublished:
                    break
                if time.monotonic() > deadline:
                    described = await describe_missing(stack, missing)
                    letters = [
                        await query(stack, n, "SELECT consumer, error FROM dead_letters") for n in stack.services
                    ]
                    raise AssertionError((Counter(statuses), described, unknown, unpublished, letters))
                await asyncio.sleep(1)
        for svc in stack.services.values():
            await asyncio.to_thread(svc.wait_ready, time.monotonic() + 120)
    finally:
        stop.set()
        await guard


async def assert_consistent(stack: Stack, figures: Figures) -> dict[str, int]:
    project, fund, audit = (stack.services[n].url for n in ("project-svc", "fund-svc", "audit-svc"))
    issued = 0
    async with httpx.AsyncClient(timeout=30) as http:
        for pid, acknowledged in figures.deposits.items():
            recorded: dict[str, int] = {}
            cursor = None
            while True:
                params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
                page = (await http.get(f"{fund}/v1/projects/{pid}/deposits", params=params, headers=AUDITOR)).json()
                recorded |= {d["id"]: fen(d["amount"]) for d in page["items"]}
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            assert recorded == acknowledged, f"deposits of {pid}: every acknowledged one, once, and no other"
            account = (await http.get(f"{fund}/v1/projects/{pid}/account", headers=AUDITOR)).json()
            assert fen(account["deposited"]) == sum(acknowledged.values()) - figures.refunded[pid]
            assert fen(account["required"]) == figures.required[pid]
            assert fen(account["committed"]) <= fen(account["deposited"]) and fen(account["available"]) >= 0
        for tid, pid in figures.orders.items():
            order = (await http.get(f"{project}/v1/task-orders/{tid}", headers=AUDITOR)).json()
            assert order["status"] in TERMINAL
            if order["status"] == "issued":
                issued += 1
                account = (await http.get(f"{fund}/v1/projects/{pid}/account", headers=AUDITOR)).json()
                assert fen(account["committed"]) >= figures.required[pid], "an issued order's funding stays committed"
        verdict = (await http.get(f"{audit}/v1/audit/verify", headers=AUDITOR)).json()
    assert verdict["valid"], verdict
    missing, unknown, unpublished = await trail_gap(stack)
    assert not missing and not unknown and not unpublished
    (sealed, distinct) = (
        await query(stack, "audit-svc", "SELECT COUNT(*), COUNT(DISTINCT event_id) FROM audit_records")
    )[0]
    assert sealed == distinct == verdict["records"], "each event sealed exactly once"
    decisions = await query(
        stack, "fund-svc", "SELECT saga_id, COUNT(*) FROM funding_decisions GROUP BY saga_id HAVING COUNT(*) > 1"
    )
    assert decisions == [], "one funding decision per saga"
    for service in ("project-svc", "fund-svc", "housing-svc", "audit-svc"):
        assert await query(stack, service, "SELECT consumer, error FROM dead_letters") == [], f"{service} dead-lettered"
    faults = sum(
        (stack.log_dir / f"{name}.log").read_text(errors="replace").count("fault injected")
        for name in stack.services
        if stack.log_dir is not None
    )
    return {"issued": issued, "sealed": sealed, "faults_after_commit": faults}


@pytest.fixture(scope="module")
def chaos_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    env = {"EXPRO_FAULT_CRASH_AFTER_COMMIT": CRASH_AFTER_COMMIT, "EXPRO_PUBLIC_RATE_LIMIT": "100000/minute"}
    with running_stack(tmp_path_factory.mktemp("chaos"), extra_env=env) as st:
        yield st


@pytest.fixture(scope="module")
def figures() -> Figures:
    return Figures()


async def test_nothing_is_lost_or_doubled_while_processes_crash_and_the_broker_pauses(chaos_stack, figures) -> None:
    started = time.monotonic()
    await run_workload(chaos_stack, figures, flows=OPS // 8 + 1, first=0, pause_broker=True)
    await settle(chaos_stack, figures)
    end = await assert_consistent(chaos_stack, figures)
    print(
        f"\nchaos: {figures.operations} operations in {time.monotonic() - started:.0f} s; "
        f"{figures.chaos_kills} SIGKILLs by the driver, {end['faults_after_commit']} between a commit and its "
        f"answer or offset ({figures.restarts_after_fault} restarts); {figures.broker_pauses} broker pause of 10 s; "
        f"{figures.retries} retries, {figures.replayed} answered by an idempotent replay; "
        f"{len(figures.orders)} sagas terminal ({end['issued']} issued); {end['sealed']} events sealed once; "
        "0 lost, 0 doubled"
    )
    assert figures.chaos_kills >= 1 and figures.operations >= OPS


async def groups_and_topics(bootstrap: str) -> tuple[list[str], list[str]]:
    """Every consumer group on the broker, and every topic of the platform."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    try:
        groups = [g[0] for g in await admin.list_consumer_groups()]
        topics = [t for t in await admin.list_topics() if t.startswith("expro.")]
    finally:
        await admin.close()
    return groups, topics


async def committed_offsets(bootstrap: str, group: str, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
    """The offsets ``group`` has committed on ``partitions`` (those it never committed are left out)."""
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await probe.start()
    try:
        probe.assign(partitions)
        return {tp: offset for tp in partitions if (offset := await probe.committed(tp)) is not None}
    finally:
        await probe.stop()


async def committed_lag(bootstrap: str, groups: list[str], topics: list[str]) -> int:
    """Messages the groups have not committed yet, over all partitions of ``topics``."""
    partitions = await topic_partitions(bootstrap, topics)
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await probe.start()
    try:
        ends = await probe.end_offsets(partitions)
    finally:
        await probe.stop()
    lag = 0
    for group in groups:
        committed = await committed_offsets(bootstrap, group, partitions)
        lag += sum(ends[tp] - offset for tp, offset in committed.items())
    return lag


async def reset_consumer_groups(bootstrap: str) -> int:
    """Rewind every consumer group to offset 0 (services stopped): join each group as its
    only member, then commit 0 on every partition it had consumed."""
    groups, topics = await groups_and_topics(bootstrap)
    partitions = await topic_partitions(bootstrap, topics)
    replayed = 0
    for group in groups:
        owned = {tp: offset for tp, offset in (await committed_offsets(bootstrap, group, partitions)).items() if offset}
        if not owned:
            continue
        member = AIOKafkaConsumer(
            *sorted({tp.topic for tp in owned}),
            bootstrap_servers=bootstrap,
            group_id=group,
            enable_auto_commit=False,
            request_timeout_ms=15000,
            session_timeout_ms=3000,
            heartbeat_interval_ms=300,
        )
        await member.start()
        try:
            deadline = time.monotonic() + 90
            while not set(owned) <= member.assignment():
                assert time.monotonic() < deadline, f"never became the only member of {group}"
                await member.getmany(timeout_ms=200)
            await member.commit(dict.fromkeys(owned, 0))
            replayed += sum(owned.values())
        finally:
            await member.stop()
    return replayed


async def test_replaying_every_topic_from_offset_zero_changes_no_table(chaos_stack, figures) -> None:
    before = await checksums(chaos_stack)
    for svc in chaos_stack.services.values():
        svc.stop()
    assert chaos_stack.kafka_bootstrap
    replayed = await reset_consumer_groups(chaos_stack.kafka_bootstrap)
    for svc in chaos_stack.services.values():
        svc.start()
    for svc in chaos_stack.services.values():
        await asyncio.to_thread(svc.wait_ready, time.monotonic() + 120)
    # caught up when every group's committed offsets are back at the ends of the topics
    groups, topics = await groups_and_topics(chaos_stack.kafka_bootstrap)
    deadline = time.monotonic() + 180
    while (lag := await committed_lag(chaos_stack.kafka_bootstrap, groups, topics)) > 0:
        assert time.monotonic() < deadline, f"consumers still {lag} messages behind"
        await asyncio.sleep(1)
    after = await checksums(chaos_stack)
    print(f"\nreplay: {replayed} messages consumed again from offset 0; {len(after)} tables unchanged")
    assert replayed > 0
    assert after == before


async def test_a_broker_restart_mid_workload_loses_nothing(chaos_stack, figures) -> None:
    """Memory storage comes back empty: topics are re-created, and events the broker held
    but nobody had consumed yet are sent again from the outboxes; the end checks hold."""
    assert chaos_stack.broker is not None
    flows = max(1, OPS // 20)

    async def restart_broker_soon() -> None:
        start = figures.operations
        while figures.operations < start + flows * 3:  # a third of the way in
            await asyncio.sleep(0.05)
        chaos_stack.broker.stop()  # type: ignore[union-attr]
        chaos_stack.broker.start()  # type: ignore[union-attr]
        figures.broker_restarts += 1

    restart = asyncio.create_task(restart_broker_soon())
    await run_workload(chaos_stack, figures, flows=flows, first=10_000, pause_broker=False)
    await restart
    await settle(chaos_stack, figures, timeout=300)
    end = await assert_consistent(chaos_stack, figures)
    print(
        f"\nbroker restart: {figures.broker_restarts} restart mid-workload; {end['sealed']} events sealed once; 0 lost"
    )
