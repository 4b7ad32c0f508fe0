"""What the services assume of the broker, on the real broker (Tansu, memory storage):
topics exist only when a service creates them, and a relay that starts after the broker
lost its state sends again what the broker held."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from sqlmodel import col, select

from deploy.embedded import Broker, free_port
from expro_shared.db import Database, UnitOfWork
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.project import ProjectRegistered
from expro_shared.kafka import ensure_topics, make_admin, make_consumer
from expro_shared.outbox import OutboxRelay
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import LandType
from fund_svc.bootstrap import MIGRATIONS
from tests.support import reading_from_start

pytestmark = [pytest.mark.e2e, pytest.mark.db]
TOPIC = "expro.project.events"


@pytest.fixture
def broker() -> Iterator[Broker]:
    b = Broker(port=free_port())
    b.start()
    try:
        yield b
    finally:
        b.stop()


async def topics_on(bootstrap: str) -> dict[str, int]:
    admin = make_admin(bootstrap)
    await admin.start()
    try:
        names = await admin.list_topics()
        described = await admin.describe_topics(names) if names else []
        return {t["topic"]: len(t["partitions"]) for t in described}
    finally:
        await admin.close()


async def test_clients_never_create_the_topics_they_name(broker: Broker) -> None:
    """Tansu creates a topic named in a metadata request with 4 partitions; a consumer that
    refreshed its metadata after a broker restart would do that before the relay created
    the topic with 3, and events keyed to the 4th partition would sit unread."""
    consumer = make_consumer(broker.bootstrap, "probe", [])
    await consumer.start()
    consumer.subscribe([TOPIC])
    try:
        for _ in range(5):  # each poll refreshes the metadata of a topic it cannot find
            await consumer.getmany(timeout_ms=100)
        assert TOPIC not in await topics_on(broker.bootstrap)

        await ensure_topics(broker.bootstrap, [TOPIC])
        assert (await topics_on(broker.bootstrap))[TOPIC] == 3
    finally:
        await consumer.stop()


@pytest.fixture
async def relay_db(migrated_db: Callable[[str], Awaitable[Database]]) -> Database:
    return await migrated_db(MIGRATIONS)


async def read_all(bootstrap: str, topic: str, expected: int, timeout: float = 30.0) -> list[CloudEvent]:
    """Every event on ``topic`` from the beginning, once ``expected`` have arrived."""
    async with reading_from_start(bootstrap, topic) as (consumer, _):
        seen: list[CloudEvent] = []

        async def fill() -> None:
            while len(seen) < expected:
                for msgs in (await consumer.getmany(timeout_ms=100)).values():
                    seen.extend(CloudEvent.model_validate_json(m.value or b"") for m in msgs)

        await asyncio.wait_for(fill(), timeout)
        return seen


async def published(db: Database) -> bool:
    async with db.sessionmaker() as session:
        rows = (await session.exec(select(OutboxRecord).where(col(OutboxRecord.published_at).is_(None)))).all()
    return not rows


async def run_relay_until_published(db: Database, bootstrap: str) -> None:
    """Start a relay, wait until it is ready (it has looked at the broker) and has
    nothing left to send, then stop it."""
    relay = OutboxRelay(db, bootstrap, "project-svc", [TOPIC], sweep_seconds=0.05)
    ready = asyncio.Event()
    task = asyncio.create_task(relay.run(lambda value: ready.set() if value else ready.clear()))
    try:

        async def drained() -> None:
            await ready.wait()
            while not await published(db):
                await asyncio.sleep(0.05)

        await asyncio.wait_for(drained(), 30)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_relay_started_on_a_broker_that_lost_its_state_sends_again(broker: Broker, relay_db: Any) -> None:
    """The relay was down (restarting after a failed send) while the memory broker
    restarted: what it had published is gone from the broker, though marked published."""
    async with UnitOfWork(relay_db, source="/project-svc", actor="lead-1") as uow:
        event = uow.emit(
            ProjectRegistered(
                project_id="5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01",
                code="ZS-1",
                name="n",
                land_type=LandType.COLLECTIVE,
                district="d",
                owner_unit="城投公司",
                planned_households=1,
                planned_area_m2="1.00",
            )
        )
        await uow.commit()
    await run_relay_until_published(relay_db, broker.bootstrap)
    assert [e.id for e in await read_all(broker.bootstrap, TOPIC, 1)] == [event.id]

    broker.stop()
    broker.start()
    await run_relay_until_published(relay_db, broker.bootstrap)

    assert [e.id for e in await read_all(broker.bootstrap, TOPIC, 1)] == [event.id]
