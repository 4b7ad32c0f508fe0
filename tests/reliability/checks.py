"""What must hold after any amount of crashing: read straight from each service's database
(the tests may; services never do) and through the public API."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.embedded import Stack
from expro_shared.db import normalize_url
from tests.support import topic_partitions

TRAIL_SOURCES = ("project-svc", "fund-svc", "housing-svc")


def database_url(stack: Stack, service: str) -> str:
    return stack.database_urls.get(service) or f"sqlite+aiosqlite:///{stack.var_dir / (service + '.db')}"


async def query(stack: Stack, service: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_async_engine(normalize_url(database_url(stack, service)))
    try:
        async with engine.connect() as conn:
            return [tuple(r) for r in (await conn.execute(sa.text(sql))).all()]
    finally:
        await engine.dispose()


async def checksums(stack: Stack) -> dict[str, str]:
    """SHA-256 of every table of every service, rows in a fixed order."""
    out: dict[str, str] = {}
    for service in (*TRAIL_SOURCES, "audit-svc"):
        engine = create_async_engine(normalize_url(database_url(stack, service)))
        try:
            async with engine.connect() as conn:
                tables = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
                for table in sorted(tables):
                    rows = (await conn.execute(sa.text(f'SELECT * FROM "{table}"'))).all()
                    digest = hashlib.sha256("\n".join(sorted(repr(tuple(r)) for r in rows)).encode()).hexdigest()
                    out[f"{service}.{table}"] = f"{len(rows)}:{digest[:16]}"
        finally:
            await engine.dispose()
    return out


async def trail_gap(stack: Stack) -> tuple[set[str], set[str], int]:
    """(events published by the services but not sealed, sealed events no service
    published, unpublished outbox rows): all empty/zero once the system is quiet."""
    published: set[str] = set()
    unpublished = 0
    for service in TRAIL_SOURCES:
        rows = await query(stack, service, "SELECT event_id, topic, published_at FROM outbox")
        published |= {e for e, topic, _ in rows if topic.endswith(".events")}
        unpublished += sum(1 for _, _, at in rows if at is None)
    sealed = {e for (e,) in await query(stack, "audit-svc", "SELECT event_id FROM audit_records")}
    return published - sealed, sealed - published, unpublished


async def describe_missing(stack: Stack, missing: set[str]) -> str:
    """For a failure message: what the unsealed events are and whether Kafka has them."""
    from aiokafka import AIOKafkaConsumer

    kinds: Counter[str] = Counter()
    for service in TRAIL_SOURCES:
        for event_id, event_type, _topic, published_at in await query(
            stack, service, "SELECT event_id, event_type, topic, published_at FROM outbox"
        ):
            if event_id in missing:
                kinds[f"{event_type} published {published_at}"] += 1
    in_kafka: set[str] = set()
    consumer = AIOKafkaConsumer(bootstrap_servers=stack.kafka_bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        topics = ("expro.project.events", "expro.fund.events", "expro.housing.events")
        parts = await topic_partitions(stack.kafka_bootstrap, topics)
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)

        async def behind() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in parts])

        while await behind():
            for messages in (await consumer.getmany(timeout_ms=500)).values():
                for m in messages:
                    event_id = json.loads(m.value)["id"]
                    if event_id in missing:
                        in_kafka.add(event_id)
    finally:
        await consumer.stop()
    return f"{len(missing)} unsealed, {len(in_kafka)} of them on Kafka: {dict(kinds)}"
