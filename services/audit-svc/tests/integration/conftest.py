"""audit-svc on a real database (``database_url`` from the root conftest), its trail
consumer built through a Runtime exactly as the service wires it, fed real CloudEvents;
and the app itself over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from audit_svc.bootstrap import MIGRATIONS, create_app, wire
from audit_svc.config import AuditSettings
from audit_svc.uow import AuditUnitOfWork
from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events.envelope import CloudEvent
from tests.support import deliver as deliver_to
from tests.support import wired_consumers

Deliver = Callable[..., Awaitable[None]]
Running = tuple[httpx.AsyncClient, FastAPI]


@pytest.fixture
async def db(migrated_db: Callable[[str], Awaitable[Database]]) -> Database:
    return await migrated_db(MIGRATIONS)


@pytest.fixture
def trail_of(database_url: str) -> Callable[[Database], EventConsumer[AuditUnitOfWork]]:
    """The trail consumer of one service instance running on ``db``."""

    def _trail_of(db: Database) -> EventConsumer[AuditUnitOfWork]:
        consumers = wired_consumers(AuditSettings(database_url=database_url), db, wire, AuditUnitOfWork)
        return consumers["audit-svc.trail"]

    return _trail_of


@pytest.fixture
def trail(
    db: Database, trail_of: Callable[[Database], EventConsumer[AuditUnitOfWork]]
) -> EventConsumer[AuditUnitOfWork]:
    return trail_of(db)


@pytest.fixture
def deliver(trail: EventConsumer[AuditUnitOfWork]) -> Deliver:
    """Hand ``event`` to the trail as Kafka would: on its type's topic, at the next offset."""

    async def _deliver(
        event: CloudEvent, topic: str | None = None, consumer: EventConsumer[AuditUnitOfWork] = trail
    ) -> None:
        await deliver_to(consumer, event, topic=topic)

    return _deliver


@pytest.fixture
async def running(service_client: Callable[..., Awaitable[Running]]) -> Running:
    """The app from ``create_app(kafka=False)`` in its lifespan, on the real database."""
    return await service_client(create_app, "AUDIT_SVC_")


@pytest.fixture
def client(running: Running) -> httpx.AsyncClient:
    return running[0]


@pytest.fixture
def app(running: Running) -> FastAPI:
    return running[1]
