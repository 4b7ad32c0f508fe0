"""housing-svc on a real database (``database_url`` from the root conftest), its projects
consumer built through a Runtime exactly as the service wires it, fed real CloudEvents;
and the app over HTTP (``create_app(kafka=False)`` in its lifespan) for the API tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events import PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent
from housing_svc.bootstrap import MIGRATIONS, create_app, wire
from housing_svc.config import HousingSettings
from housing_svc.uow import HousingUnitOfWork
from tests.support import bearer, wired_consumers
from tests.support import deliver as deliver_to

Deliver = Callable[[CloudEvent], Awaitable[None]]
Running = tuple[httpx.AsyncClient, FastAPI]
ADMIN = bearer("housing-01", "housing_admin")


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


@pytest.fixture
async def running(service_client: Callable[..., Awaitable[Running]]) -> Running:
    return await service_client(create_app, "HOUSING_SVC_")


@pytest.fixture
def client(running: Running) -> httpx.AsyncClient:
    return running[0]


@pytest.fixture
def app(running: Running) -> FastAPI:
    return running[1]


@pytest.fixture
def project(app: FastAPI) -> Callable[..., Awaitable[None]]:
    """Deliver project-svc events to the running app's own consumer."""

    async def _project(*events: CloudEvent) -> None:
        await deliver_to(app.state.runtime.consumers["housing-svc.projects"], *events, topic=PROJECT_TOPIC)

    return _project


@pytest.fixture
def upload(client: httpx.AsyncClient) -> Callable[..., Awaitable[httpx.Response]]:
    """POST a stock file to importUnits as a housing administrator."""

    async def _upload(data: bytes, name: str = "stock.csv", headers: dict[str, str] | None = None) -> httpx.Response:
        return await client.post("/v1/units/import", files={"file": (name, data)}, headers=headers or ADMIN)

    return _upload
