"""housing-svc on a real database (``database_url`` from the root conftest), its projects
consumer built through a Runtime exactly as the service wires it, fed real CloudEvents."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events import PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent
from housing_svc.bootstrap import MIGRATIONS, wire
from housing_svc.config import HousingSettings
from housing_svc.uow import HousingUnitOfWork
from tests.support import deliver as deliver_to
from tests.support import wired_consumers

Deliver = Callable[[CloudEvent], Awaitable[None]]


@pytest.fixture
async def db(migrated_db: Callable[[str], Awaitable[Database]]) -> Database:
    return await migrated_db(MIGRATIONS)


@pytest.fixture
def projects(db: Database, database_url: str) -> EventConsumer[HousingUnitOfWork]:
    return wired_consumers(HousingSettings(database_url=database_url), db, wire, HousingUnitOfWork)[
        "housing-svc.projects"
    ]


@pytest.fixture
def deliver(projects: EventConsumer[HousingUnitOfWork]) -> Deliver:
    """Hand ``event`` to the consumer as Kafka would: on the project topic, at the next offset."""

    async def _deliver(event: CloudEvent) -> None:
        await deliver_to(projects, event, topic=PROJECT_TOPIC)

    return _deliver
