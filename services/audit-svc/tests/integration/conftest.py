"""audit-svc on a real database (``database_url`` from the root conftest), its trail
consumer built through a Runtime exactly as the service wires it, fed real CloudEvents."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from audit_svc.bootstrap import MIGRATIONS, wire
from audit_svc.config import AuditSettings
from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events.envelope import CloudEvent
from tests.support import deliver as deliver_to
from tests.support import wired_consumers

Deliver = Callable[..., Awaitable[None]]


@pytest.fixture
async def db(migrated_db: Callable[[str], Awaitable[Database]]) -> Database:
    return await migrated_db(MIGRATIONS)


@pytest.fixture
def trail_of(database_url: str) -> Callable[[Database], EventConsumer]:
    """The trail consumer of one service instance running on ``db``."""

    def _trail_of(db: Database) -> EventConsumer:
        return wired_consumers(AuditSettings(database_url=database_url), db, wire)["audit-svc.trail"]

    return _trail_of


@pytest.fixture
def trail(db: Database, trail_of: Callable[[Database], EventConsumer]) -> EventConsumer:
    return trail_of(db)


@pytest.fixture
def deliver(trail: EventConsumer) -> Deliver:
    """Hand ``event`` to the trail as Kafka would: on its type's topic, at the next offset."""

    async def _deliver(event: CloudEvent, topic: str | None = None, consumer: EventConsumer = trail) -> None:
        await deliver_to(consumer, event, topic=topic)

    return _deliver
