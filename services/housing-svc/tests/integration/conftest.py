"""housing-svc on a real database (``database_url`` from the root conftest), its projects
consumer built through a Runtime exactly as the service wires it, fed real CloudEvents."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable

import pytest

from expro_shared.consumer import EventConsumer, RawMessage
from expro_shared.db import Database
from expro_shared.events.contracts import PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent
from expro_shared.kafka import Supervisor
from expro_shared.runtime import Runtime
from housing_svc.bootstrap import MIGRATIONS, wire
from housing_svc.config import HousingSettings

Deliver = Callable[[CloudEvent], Awaitable[None]]


@pytest.fixture
async def db(migrated_db: Callable[[str], Awaitable[Database]]) -> Database:
    return await migrated_db(MIGRATIONS)


@pytest.fixture
def projects(db: Database, database_url: str) -> EventConsumer:
    rt = Runtime(settings=HousingSettings(database_url=database_url), db=db, supervisor=Supervisor("housing-svc"))
    wire(rt)
    consumer = rt.consumers["housing-svc.projects"]
    consumer.retry_backoff = 0  # dead-letter tests need not wait out the production backoff
    return consumer


@pytest.fixture
def deliver(projects: EventConsumer) -> Deliver:
    """Hand ``event`` to the consumer as Kafka would: on the project topic, at the next offset."""
    offsets = itertools.count()

    async def _deliver(event: CloudEvent) -> None:
        await projects.process(RawMessage(PROJECT_TOPIC, 0, next(offsets), event.to_json().encode()))

    return _deliver
