"""``make bench``: every key figure beside its physical floor, measured in the same run on the
same broker and database, 3 repetitions, medians; a table on stdout and JSON in ``var/bench/``.

Targets are ratios to the floors so they hold on any machine:

- saga (sequential issues with ``Prefer: wait``): p50 ≤ 3 × two raw Kafka round trips' p50,
  p99 ≤ 3 × two round trips' p99;
- deposits at 32 concurrent clients: ≥ 0.5 × a bare endpoint inserting one row plus one
  outbox row, no request over 2 s;
- audit ingest of a burst: ≥ 0.4 × raw batched insert-and-hash, and ≥ 2,000 events/s;
- verify: ≤ 3 × reading and hashing the same rows, time per record constant with size;
- every service ≤ 150 MB resident idle and after load; the idle stack ≤ 10 % of a core;
  the stack warm to all-ready ≤ 8 s.

``BENCH_POSTGRES_URL`` (an admin URL) runs it on PostgreSQL; ``--quick`` is the smoke run
that ``make test`` keeps working (small sizes, targets reported, never asserted).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.partitioner import DefaultPartitioner

from bench.load import LoadResult, post_load
from deploy.embedded import EMBEDDED_FETCH_WAIT_MS, SERVER_OPTIONS, SERVICES, Stack, free_port
from expro_shared.db import Database
from expro_shared.kafka import ensure_topics, make_producer
from tests.support import bearer, create_pg_database, drop_pg_database, reading_from_start

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    saga_issues: int
    round_trips: int
    deposit_seconds: float
    audit_bursts: tuple[int, ...]
    floor_records: int
    idle_seconds: float
    repetitions: int
    #: The chain is then extended to this many records (written straight into audit-svc's
    #: database, as its sealing would) for the last verify: 10⁶ in the full run.
    chain_records: int

    @classmethod
    def full(cls) -> Sizes:
        return cls(500, 500, 10.0, (10_000, 100_000), 20_000, 10.0, 3, 1_000_000)

    @classmethod
    def medium(cls) -> Sizes:
        return cls(200, 200, 10.0, (10_000, 30_000), 20_000, 10.0, 1, 0)

    @classmethod
    def quick(cls) -> Sizes:
        return cls(10, 20, 1.0, (200, 400), 500, 1.0, 1, 5_000)


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    floor: float | None
    target: str
    ok: bool
    ratio: float | None = None
    note: str = ""


@dataclass
class Report:
    database: str
    machine: dict[str, Any]
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(format_row(row), flush=True)

    def table(self) -> str:
        head = f"{'figure':<44} {'value':>12} {'floor':>12} {'ratio':>7}  {'target':<26} result"
        return "\n".join([head, "-" * len(head), *(format_row(r) for r in self.rows)])


def format_row(r: Row) -> str:
    floor = "" if r.floor is None else f"{r.floor:.1f}"
    ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
    return (
        f"{r.figure:<44} {r.value:>9.1f} {r.unit:<2} {floor:>12} {ratio:>7}  {r.target:<26} "
        f"{'pass' if r.ok else 'FAIL'}{'  ' + r.note if r.note else ''}"
    )


def machine() -> dict[str, Any]:
    load1, load5, _ = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "load_average_1m": round(load1, 2),
        "load_average_5m": round(load5, 2),
        "python": sys.version.split()[0],
        "consumer_fetch_wait_ms": fetch_wait_ms(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median_of(results: list[float]) -> float:
    return statistics.median(results)


# ---------------------------------------------------------------- floors


def fetch_wait_ms() -> int:
    """The services' consumer fetch wait on this stack (the embedded default unless set)."""
    return int(os.environ.get("EXPRO_CONSUMER_FETCH_MAX_WAIT_MS", str(EMBEDDED_FETCH_WAIT_MS)))


async def kafka_round_trips(bootstrap: str, n: int) -> list[float]:
    """Raw aiokafka produce → consume on the same broker, one message at a time, with the
    services' client settings (acks=all, their fetch wait): seconds per round trip."""
    topic = f"bench.rtt.{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic], partitions=1)
    producer = make_producer(bootstrap, "bench-rtt")
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=fetch_wait_ms()
    )
    await producer.start()
    await consumer.start()
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    await consumer.seek_to_end(tp)
    timings: list[float] = []
    try:
        for i in range(n):
            started = time.perf_counter()
            await producer.send_and_wait(topic, f"{i}".encode(), key=b"k")
            got = False
            while not got:
                for msgs in (await consumer.getmany(tp, timeout_ms=1000)).values():
                    got = any(m.value == f"{i}".encode() for m in msgs)
            timings.append(time.perf_counter() - started)
    finally:
        await consumer.stop()
        await producer.stop()
    return timings


@contextlib.contextmanager
def bare_app(database_url: str, log_dir: Path) -> Iterator[str]:
    """The bare FastAPI app under the same uvicorn settings as the services."""
    port = free_port()
    env = dict(os.environ, BENCH_DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
    with open(log_dir / "bare-app.log", "ab") as log:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "bench.bare_app:create_app", "--factory"),
                *("--port", str(port), "--host", "127.0.0.1", "--no-access-log", *SERVER_OPTIONS),
            ],
            env=env,
            stdout=log,
            stderr=log,
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/ping", timeout=1).status_code == 200:
                        break
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the bare app did not start")
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


SCRATCH = sa.MetaData()
scratch_records = sa.Table(
    "bench_audit_records",
    SCRATCH,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("event_type", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)


def sample_payload(i: int) -> str:
    event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/bench",
        "type": "expro.housing.bench_probe.v1",
        "subject": str(uuid.uuid4()),
        "time": datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json",
        "actor": "bench",
        "data": {"n": i, "note": "征收安置 bench payload of a typical size " * 4},
    }
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


async def audit_insert_floor(database_url: str, n: int, batch: int) -> float:
    """Events/s of raw insert-and-hash into an audit-shaped table: ``batch`` records per
    transaction (1 = one transaction per record, as a per-event consumer does)."""
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(SCRATCH.drop_all)
            await conn.run_sync(SCRATCH.create_all)
        payloads = [sample_payload(i) for i in range(n)]
        prev = "0" * 64
        started = time.perf_counter()
        for lo in range(0, n, batch):
            rows = []
            for payload in payloads[lo : lo + batch]:
                h = hashlib.sha256((prev + payload).encode()).hexdigest()
                rows.append({"event_id": str(uuid.uuid4()), "event_type": "t", "payload": payload} | {"hash": h})
                rows[-1]["prev_hash"] = prev
                prev = h
            async with db.engine.begin() as conn:
                await conn.execute(scratch_records.insert(), rows)
        return n / (time.perf_counter() - started)
    finally:
        async with db.engine.begin() as conn:
            await conn.run_sync(SCRATCH.drop_all)
        await db.dispose()


async def read_and_hash_floor(audit_url: str) -> tuple[float, int]:
    """Seconds to read every sealed record of the audit trail and recompute its chain, its
    RFC 9162 leaf hashes and the tree's root (what verify recomputes, without its checks)."""
    db = Database(audit_url)
    try:
        started = time.perf_counter()
        prev, count, after = "0" * 64, 0, 0
        tree: list[tuple[int, bytes]] = []
        async with db.engine.connect() as conn:
            while True:
                rows = (
                    await conn.execute(
                        sa.text(
                            "SELECT seq, payload, prev_hash, hash, leaf_hash FROM audit_records"
                            " WHERE seq > :a ORDER BY seq LIMIT 5000"
                        ),
                        {"a": after},
                    )
                ).all()
                for seq, payload, prev_hash, h, leaf_hash in rows:
                    ok = prev_hash == prev and hashlib.sha256((prev + payload).encode()).hexdigest() == h
                    node = hashlib.sha256(b"\x00" + payload.encode()).digest()
                    assert ok and node.hex() == leaf_hash, f"record {seq} does not verify"
                    level = 0
                    while tree and tree[-1][0] == level:
                        node = hashlib.sha256(b"\x01" + tree.pop()[1] + node).digest()
                        level += 1
                    tree.append((level, node))
                    prev, after = h, seq
                count += len(rows)
                if len(rows) < 5000:
                    break
        return time.perf_counter() - started, count
    finally:
        await db.dispose()


# ---------------------------------------------------------------- the system's figures


class Client:
    def __init__(self, stack: Stack, http: httpx.AsyncClient) -> None:
        self.http = http
        self.project = stack.services["project-svc"].url
        self.fund = stack.services["fund-svc"].url
        self.audit = stack.services["audit-svc"].url
        self.lead = bearer("bench-lead", "center_leader")
        self.finance = bearer("bench-finance", "finance")

    async def funded_project(self, amount: str) -> str:
        r = await self.http.post(
            f"{self.project}/v1/projects",
            headers=self.lead,
            json={
                "code": f"BENCH-{uuid.uuid4().hex[:10]}",
                "name": "性能基准项目",
                "land_type": "state_owned",
                "district": "城南区",
                "owner_unit": "城投公司",
                "planned_households": 1,
                "planned_area_m2": "1.00",
            },
        )
        r.raise_for_status()
        pid = str(r.json()["id"])
        budget = {"items": [{"category": "compensation", "amount": "100.00"}]}
        (
            await self.http.put(f"{self.project}/v1/projects/{pid}/budget", headers=self.lead, json=budget)
        ).raise_for_status()
        deadline = time.monotonic() + 60
        while (await self.http.get(f"{self.fund}/v1/projects/{pid}/account", headers=self.finance)).status_code != 200:
            if time.monotonic() > deadline:
                raise TimeoutError("fund-svc never opened the account")
            await asyncio.sleep(0.05)
        r = await self.deposit(pid, amount)
        r.raise_for_status()
        return pid

    async def deposit(self, pid: str, amount: str) -> httpx.Response:
        key = uuid.uuid4().hex
        return await self.http.post(
            f"{self.fund}/v1/projects/{pid}/deposits",
            headers=self.finance | {"Idempotency-Key": key},
            json={
                "amount": amount,
                "bank_reference": f"B-{key}",
                "payer": "城投公司",
                "received_at": "2022-03-15T10:30:00+08:00",
            },
        )

    async def saga_timings(self, pid: str, n: int) -> list[float]:
        timings: list[float] = []
        for _ in range(n):
            r = await self.http.post(
                f"{self.project}/v1/projects/{pid}/task-orders",
                headers=self.lead,
                json={"title": "任务交办书", "scope": "1户", "due_date": "2023-06-30"},
            )
            r.raise_for_status()
            tid = r.json()["id"]
            started = time.perf_counter()
            r = await self.http.post(
                f"{self.project}/v1/task-orders/{tid}/issue", headers=self.lead | {"Prefer": "wait=20"}
            )
            timings.append(time.perf_counter() - started)
            if r.status_code != 200:
                raise AssertionError(f"issue answered {r.status_code}: {r.text}")
        return timings


#: How many records the chain holds: the head's seq (gap-free from 1). One row, where a count
#: of the records would scan the growing table at every poll, beside the sealing it watches.
SEALED = sa.text("SELECT seq FROM chain_head WHERE id = 1")


async def audit_count(audit_url: str) -> int:
    db = Database(audit_url)
    try:
        async with db.engine.connect() as conn:
            return int((await conn.execute(SEALED)).scalar_one())
    finally:
        await db.dispose()


async def audit_ingest(bootstrap: str, audit_url: str, n: int) -> float:
    """Events/s from the first event of an ``n``-event burst on the bus to the last one sealed.

    The generator must not be what it measures, nor its rival for the two cores: the events
    are made before the clock starts, and go out as full record batches per partition (each
    keyed by its subject, partitioned as the default partitioner would), not one ``send``
    per event, which cost the bench ~60 µs of CPU per event beside the service's own."""
    topic = "expro.housing.events"
    before = await audit_count(audit_url)
    producer = make_producer(bootstrap, "bench-burst")
    await producer.start()
    try:
        partitions = sorted(await producer.partitions_for(topic))
        choose = DefaultPartitioner()
        burst = []
        for i in range(n):
            payload = sample_payload(i)
            key = json.loads(payload)["subject"].encode()
            burst.append((choose(key, partitions, partitions), key, payload.encode()))
        started = time.perf_counter()
        open_batches: dict[int, Any] = {}
        futures = []
        for partition, key, value in burst:
            batch = open_batches.get(partition)
            if batch is None or batch.append(key=key, value=value, timestamp=None) is None:
                if batch is not None:  # full: send it and start the next
                    futures.append(await producer.send_batch(batch, topic, partition=partition))
                batch = open_batches[partition] = producer.create_batch()
                batch.append(key=key, value=value, timestamp=None)
        for partition, batch in open_batches.items():
            futures.append(await producer.send_batch(batch, topic, partition=partition))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    db = Database(audit_url)
    try:
        deadline = time.monotonic() + max(120, n / 50)
        async with db.engine.connect() as conn:
            while True:
                count = int((await conn.execute(SEALED)).scalar_one())
                await conn.commit()
                if count - before >= n:
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"audit-svc sealed {count - before} of {n}")
                await asyncio.sleep(0.05)
    finally:
        await db.dispose()
    return n / (time.perf_counter() - started)


async def raw_consume_rate(bootstrap: str, topic: str) -> float:
    """Events/s of a bare aiokafka consumer reading ``topic`` whole from its first offset and
    parsing each message's JSON: what the bus alone delivers to one Python consumer, a
    ceiling under any consumer that also does work per event."""
    async with reading_from_start(bootstrap, topic) as (consumer, partitions):
        total = sum((await consumer.end_offsets(partitions)).values())
        seen = 0
        started = time.perf_counter()
        while seen < total:
            for records in (await consumer.getmany(timeout_ms=1000, max_records=500)).values():
                for record in records:
                    json.loads(record.value)
                seen += len(records)
        return seen / (time.perf_counter() - started)


async def extend_chain(audit_url: str, size: int) -> None:
    """Extend audit-svc's chain to ``size`` records straight in its database, as its own
    sealing would (canonical payload, linked hashes, RFC 9162 leaf hashes and the Merkle
    nodes that complete, the head moved in the same transaction, 5,000 records per
    transaction, under the head's lock like any sealing): how the verify figure reaches 10⁶
    records in a minute. The service signs a checkpoint of the new size when one is asked for.

    They are history whose ``record_sealed`` events went out long ago: once the relay has
    published every record sealed so far, the publication cursor moves with the head (the
    relay sending 10⁶ seals meanwhile would be a load the verify figure does not measure)."""
    from audit_svc.trail.domain import canonical_json, extend, leaf_hash, pack_edge, root_keys, seal, unpack_edge
    from audit_svc.trail.tables import AuditRecordRow, MerkleNodeRow

    table = AuditRecordRow.__table__  # type: ignore[attr-defined]
    nodes = MerkleNodeRow.__table__  # type: ignore[attr-defined]
    db = Database(audit_url)
    try:
        deadline = time.monotonic() + 120
        caught_up = sa.text("SELECT (SELECT seq FROM seal_publication) >= (SELECT seq FROM chain_head)")
        while True:
            async with db.engine.connect() as conn:
                if (await conn.execute(caught_up)).scalar_one():
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("audit-svc's relay never published the burst's seals")
            await asyncio.sleep(0.1)
        while True:
            async with db.engine.begin() as conn:
                lock = "" if db.is_sqlite else " FOR UPDATE"  # SQLite: BEGIN IMMEDIATE already
                head = sa.text("SELECT seq, hash, edge FROM chain_head WHERE id = 1" + lock)
                seq, prev, packed = (await conn.execute(head)).one()
                if seq >= size:
                    return
                edge = unpack_edge(seq, packed) or await _tree_edge(conn, root_keys(seq))
                start = seq
                rows = []
                for _ in range(min(5000, size - seq)):
                    event = json.loads(sample_payload(seq))
                    payload = canonical_json(event)
                    seq += 1
                    digest = seal(prev, payload)
                    rows.append(
                        {
                            "seq": seq,
                            "event_id": event["id"],
                            "event_type": event["type"],
                            "source": event["source"],
                            "subject": event["subject"],
                            "actor": event["actor"],
                            "event_time": datetime.fromisoformat(event["time"]),
                            "recorded_at": datetime.now(UTC),
                            "topic": "expro.housing.events",
                            "payload": payload,
                            "prev_hash": prev,
                            "hash": digest,
                            "leaf_hash": leaf_hash(payload),
                        }
                    )
                    prev = digest
                tree = extend(start, edge, [r["leaf_hash"] for r in rows])
                await conn.execute(table.insert(), rows)
                if tree.nodes:
                    await conn.execute(
                        nodes.insert(), [{"level": lv, "position": p, "hash": h} for lv, p, h in tree.nodes]
                    )
                await conn.execute(
                    sa.text("UPDATE chain_head SET seq = :seq, hash = :hash, edge = :edge WHERE id = 1"),
                    {"seq": seq, "hash": prev, "edge": pack_edge(seq, tree.edge)},
                )
                await conn.execute(sa.text("UPDATE seal_publication SET seq = :seq WHERE id = 1"), {"seq": seq})
    finally:
        await db.dispose()


async def _tree_edge(conn: Any, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The stored hashes of the complete subtrees ``keys`` (a tree's right edge)."""
    edge: dict[tuple[int, int], str] = {}
    for level, position in keys:
        if level == 0:
            q = sa.text("SELECT leaf_hash FROM audit_records WHERE seq = :s")
            edge[(level, position)] = (await conn.execute(q, {"s": position + 1})).scalar_one()
        else:
            q = sa.text("SELECT hash FROM merkle_nodes WHERE level = :l AND position = :p")
            edge[(level, position)] = (await conn.execute(q, {"l": level, "p": position})).scalar_one()
    return edge


async def verify_seconds(client: Client) -> tuple[float, int]:
    started = time.perf_counter()
    r = await client.http.get(
        f"{client.audit}/v1/audit/verify", headers=bearer("bench-auditor", "auditor"), timeout=600
    )
    elapsed = time.perf_counter() - started
    r.raise_for_status()
    body = r.json()
    assert body["valid"], body
    return elapsed, int(body["records"])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stack_pids(stack: Stack) -> dict[str, int]:
    pids = {name: svc.proc.pid for name, svc in stack.services.items() if svc.proc is not None}
    if stack.broker is not None and stack.broker.proc is not None:
        pids["broker"] = stack.broker.proc.pid
    return pids


async def idle_cpu_percent(stack: Stack, seconds: float) -> float:
    pids = stack_pids(stack)
    before = {n: cpu_seconds(p) for n, p in pids.items()}
    await asyncio.sleep(seconds)  # measuring idleness: nothing to wait on but the clock
    return 100 * sum(cpu_seconds(p) - before[n] for n, p in pids.items()) / seconds


# ---------------------------------------------------------------- the run


async def measure(
    report: Report, stack: Stack, urls: dict[str, str], scratch_url: str, sizes: Sizes, logs: Path
) -> None:
    bootstrap = stack.kafka_bootstrap or ""
    reps = range(sizes.repetitions)
    idle_rss = {name: rss_mb(pid) for name, pid in stack_pids(stack).items() if name != "broker"}
    idle_cpu = await idle_cpu_percent(stack, sizes.idle_seconds)

    async with httpx.AsyncClient(timeout=60) as http:
        client = Client(stack, http)

        # saga vs two raw round trips, in back-to-back pairs
        pid = await client.funded_project("100.00")
        await client.saga_timings(pid, 3)  # warm-up
        saga50, saga99, rtt50, rtt99 = [], [], [], []
        for _ in reps:
            rtt = await kafka_round_trips(bootstrap, sizes.round_trips)
            saga = await client.saga_timings(pid, sizes.saga_issues)
            rtt50.append(2 * percentile(rtt, 0.5))
            rtt99.append(2 * percentile(rtt, 0.99))
            saga50.append(percentile(saga, 0.5))
            saga99.append(percentile(saga, 0.99))
        ratio(
            report,
            f"saga p50, {sizes.saga_issues} issues (Prefer: wait)",
            median_of(saga50) * 1000,
            median_of(rtt50) * 1000,
            "ms",
            "≤ 3 × 2 round trips",
            3,
            lower=True,
        )
        ratio(
            report,
            "saga p99",
            median_of(saga99) * 1000,
            median_of(rtt99) * 1000,
            "ms",
            "≤ 3 × 2 round trips",
            3,
            lower=True,
        )

        # deposits vs the bare insert + outbox endpoint, 32 clients
        dep_pid = await client.funded_project("1.00")
        path = f"/v1/projects/{dep_pid}/deposits"
        auth = client.finance["Authorization"]
        bare, real = [], []
        with bare_app(scratch_url, logs) as bare_url:
            ping = post_load(bare_url, "/ping", seconds=sizes.deposit_seconds)  # wrk's own ceiling, roughly
            for _ in reps:
                bare.append(post_load(bare_url, "/deposits", seconds=sizes.deposit_seconds))
                real.append(post_load(client.fund, path, auth=auth, seconds=sizes.deposit_seconds))
        real_rate = median_of([r.rate for r in real])
        bare_rate = median_of([r.rate for r in bare])
        ratio(
            report,
            "deposits/s at 32 clients",
            real_rate,
            bare_rate,
            "/s",
            "≥ 0.5 × bare insert+outbox",
            0.5,
            lower=False,
            note=f"load generator alone: {ping.rate:.0f}/s on a bare POST",
        )
        worst: LoadResult = max(real, key=lambda r: r.max_ms)
        report.add(
            Row(
                "deposits: slowest request",
                worst.max_ms,
                "ms",
                None,
                "≤ 2000 ms",
                worst.max_ms <= 2000,
                note=(
                    f"p50 {median_of([r.p50_ms for r in real]):.0f} ms, "
                    f"p99 {median_of([r.p99_ms for r in real]):.0f} ms, errors {sum(r.errors for r in real)}"
                ),
            )
        )
        account = (await http.get(f"{client.fund}/v1/projects/{dep_pid}/account", headers=client.finance)).json()
        # wrk counts the answers it read; when it stops it drops up to one request in flight
        # per connection, which the service still commits: answered ≤ deposited ≤ + in flight
        answered = sum(r.requests for r in real) + 1 - sum(r.errors for r in real)
        deposited = round(float(account["deposited"]))
        in_flight = 32 * len(real)
        report.add(
            Row(
                "deposits: every 201 counted once",
                float(deposited - answered),
                "",
                None,
                f"0 ≤ unanswered ≤ {in_flight}",
                0 <= deposited - answered <= in_flight and account["deposited"].endswith(".00"),
                note=f"{answered} answered 201, account shows {account['deposited']}",
            )
        )

        after_rss = {name: rss_mb(pid) for name, pid in stack_pids(stack).items() if name != "broker"}

        # audit ingest vs raw batched insert-and-hash; verify vs read-and-hash
        floor_batched = median_of([await audit_insert_floor(scratch_url, sizes.floor_records, 500) for _ in reps])
        floor_single = await audit_insert_floor(scratch_url, min(sizes.floor_records, 2000), 1)
        per_record: list[tuple[int, float]] = []
        ingest_rates: list[tuple[int, float]] = []

        async def verify_at_this_size() -> None:
            verifies, floors = [], []
            for _ in reps:  # back-to-back pairs, like every other figure
                verifies.append((await verify_seconds(client))[0])
                floor_seconds, records = await read_and_hash_floor(urls["audit-svc"])
                floors.append(floor_seconds)
            verify, floor_verify = median_of(verifies), median_of(floors)
            per_record.append((records, verify / records))
            ratio(
                report,
                f"verify over {records:,} records",
                verify * 1000,
                floor_verify * 1000,
                "ms",
                "≤ 3 × read-and-hash",
                3,
                lower=True,
            )

        for burst in sizes.audit_bursts:
            have = await audit_count(urls["audit-svc"])
            ingest_rates.append((burst, await audit_ingest(bootstrap, urls["audit-svc"], max(0, burst - have))))
            await verify_at_this_size()
        bus_rate = await raw_consume_rate(bootstrap, "expro.housing.events")
        if sizes.chain_records:
            await extend_chain(urls["audit-svc"], sizes.chain_records)
            await verify_at_this_size()
        burst, rate = ingest_rates[-1]
        ratio(
            report,
            f"audit ingest, burst to {burst:,} events",
            rate,
            floor_batched,
            "/s",
            "≥ 0.4 × raw batched",
            0.4,
            lower=False,
            note=(
                f"raw one-per-transaction {floor_single:.0f}/s; the bus alone to a bare consumer "
                f"{bus_rate:.0f}/s; ≥ 2000/s: {'yes' if rate >= 2000 else 'NO'}"
            ),
        )
        (small_n, small), (large_n, large) = per_record[0], per_record[-1]
        report.add(
            Row(
                f"verify per record, {small_n:,} → {large_n:,}",
                large / small,
                "×",
                None,
                "≤ 1.5 (constant)",
                large / small <= 1.5,
                note=f"{small * 1e6:.1f} µs → {large * 1e6:.1f} µs per record",
            )
        )
        ratio(report, "audit ingest ≥ 2000 events/s", rate, None, "/s", "≥ 2000/s", 2000, lower=False)

    for name in idle_rss:
        worst_rss = max(idle_rss[name], after_rss[name], rss_mb(stack_pids(stack)[name]))
        report.add(
            Row(
                f"{name} resident memory (max of idle/after)",
                worst_rss,
                "MB",
                None,
                "≤ 150 MB",
                worst_rss <= 150,
                note=f"idle {idle_rss[name]:.0f} MB",
            )
        )
    report.add(Row("idle stack CPU (4 services + broker)", idle_cpu, "%", None, "≤ 10 % of a core", idle_cpu <= 10))


def ratio(
    report: Report,
    figure: str,
    value: float,
    floor: float | None,
    unit: str,
    target: str,
    bound: float,
    *,
    lower: bool,
    note: str = "",
) -> None:
    if floor is None:
        ok = value <= bound if lower else value >= bound
        report.add(Row(figure, value, unit, None, target, ok, note=note))
        return
    r = value / floor if floor else float("inf")
    ok = r <= bound if lower else r >= bound
    report.add(Row(figure, value, unit, floor, target, ok, ratio=r, note=note))


def start_stack(root: Path, urls: dict[str, str]) -> tuple[Stack, float]:
    stack = Stack(
        var_dir=root / "var",
        database_urls=urls,
        ports={s.name: free_port() for s in SERVICES},
        broker_port=free_port(),
        log_dir=root / "logs",
    )
    started = time.monotonic()
    stack.start(timeout=120)
    return stack, time.monotonic() - started


async def provision(admin: str | None, root: Path) -> tuple[dict[str, str], str, Callable[[], Awaitable[None]]]:
    """Service database URLs (empty: SQLite under the stack's var/), the floors' scratch URL, cleanup."""
    if not admin:
        return {}, f"sqlite+aiosqlite:///{root / 'floor.db'}", _nothing
    names: list[str] = []
    urls: dict[str, str] = {}
    for spec in SERVICES:
        name, url = await create_pg_database(admin)
        names.append(name)
        urls[spec.name] = url
    name, scratch = await create_pg_database(admin)
    names.append(name)

    async def drop() -> None:
        for n in names:
            await drop_pg_database(admin, n)

    return urls, scratch, drop


async def _nothing() -> None:
    return None


def run(sizes: Sizes, out: Path | None) -> Report:
    admin = os.environ.get("BENCH_POSTGRES_URL")
    report = Report(database="postgresql" if admin else "sqlite", machine=machine())
    print(f"make bench on {report.database}: {report.machine}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        urls, scratch, drop = asyncio.run(provision(admin, root))
        try:
            stack, cold = start_stack(root, urls)
            stack.stop()
            stack, warm = start_stack(root, urls)  # the same var/ and databases: a warm start
            try:
                report.add(
                    Row(
                        "stack start to all-ready, warm", warm, "s", None, "≤ 8 s", warm <= 8, note=f"cold {cold:.1f} s"
                    )
                )
                service_urls = {
                    s.name: urls.get(s.name, f"sqlite+aiosqlite:///{root / 'var' / (s.name + '.db')}") for s in SERVICES
                }
                asyncio.run(measure(report, stack, service_urls, scratch, sizes, root / "logs"))
            finally:
                stack.stop()
        finally:
            asyncio.run(drop())
    print()
    print(report.table())
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**asdict(report)}, ensure_ascii=False, indent=2))
        print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: the smoke run")
    parser.add_argument("--medium", action="store_true", help="one repetition of smaller sizes (trying a change)")
    parser.add_argument("--out", type=Path, default=None, help="JSON output (default var/bench/bench-<db>.json)")
    args = parser.parse_args()
    sizes = Sizes.quick() if args.quick else Sizes.medium() if args.medium else Sizes.full()
    db = "postgresql" if os.environ.get("BENCH_POSTGRES_URL") else "sqlite"
    kind = "-quick" if args.quick else "-medium" if args.medium else ""
    run(sizes, args.out or ROOT / "var" / "bench" / f"bench-{db}{kind}.json")


if __name__ == "__main__":
    main()
