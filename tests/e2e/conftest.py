"""End-to-end fixtures: the four services as real processes on the real broker (Tansu),
and a watcher that reads the topics so tests wait on events, never on sleeps."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from deploy.embedded import SERVICES, Stack, free_port
from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent
from tests.support import PG_ENV, bearer, create_pg_database, drop_pg_database, topic_partitions

TOPICS = (PROJECT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, AUDIT_TOPIC)


@contextlib.contextmanager
def running_stack(root: Path, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """Broker + four services on free ports, SQLite under ``root`` or fresh PostgreSQL databases."""
    admin = os.environ.get(PG_ENV)
    databases: dict[str, str] = {}
    names: list[str] = []
    if admin:
        for spec in SERVICES:
            name, url = asyncio.run(create_pg_database(admin))
            names.append(name)
            databases[spec.name] = url
    st = Stack(
        var_dir=root / "var",
        database_urls=databases,
        ports={s.name: free_port() for s in SERVICES},
        broker_port=free_port(),
        log_dir=root / "logs",
        extra_env={"EXPRO_LOG_LEVEL": "INFO", **(extra_env or {})},
    )
    try:
        st.start(timeout=90)
        yield st
    finally:
        st.stop()
        for name in names:
            asyncio.run(drop_pg_database(admin or "", name))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("stack")) as st:
        yield st


class Watcher:
    """Every event on the watched topics since the broker started, in arrival order."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap
        self.events: list[tuple[str, CloudEvent]] = []
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, enable_auto_commit=False, fetch_max_wait_ms=5, request_timeout_ms=15000
        )
        await self._consumer.start()
        parts = await topic_partitions(self.bootstrap, TOPICS, missing_ok=True)
        self._consumer.assign(parts)
        await self._consumer.seek_to_beginning(*parts)
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=100)
            new = [
                (m.topic, CloudEvent.model_validate_json(m.value)) for msgs in batches.values() for m in msgs if m.value
            ]
            if new:
                async with self._changed:
                    self.events.extend(new)
                    self._changed.notify_all()

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        if self._consumer:
            await self._consumer.stop()

    def matching(self, type_: str, **data: Any) -> list[CloudEvent]:
        return [e for _, e in self.events if e.type == type_ and all(e.data.get(k) == v for k, v in data.items())]

    async def wait_for(self, type_: str, timeout: float = 30.0, **data: Any) -> CloudEvent:
        """The first event of ``type_`` whose data has these values (waits for it to arrive)."""

        def found() -> list[CloudEvent]:
            return self.matching(type_, **data)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), timeout)
        return found()[0]


@pytest.fixture
async def events(stack: Stack) -> AsyncIterator[Watcher]:
    assert stack.kafka_bootstrap
    w = Watcher(stack.kafka_bootstrap)
    await w.start()
    yield w
    await w.stop()


class Api:
    """The four services' base URLs and an HTTP client, as an outside department sees them."""

    def __init__(self, stack: Stack, client: httpx.AsyncClient) -> None:
        self.client = client
        self.project = stack.services["project-svc"].url
        self.fund = stack.services["fund-svc"].url
        self.housing = stack.services["housing-svc"].url
        self.audit = stack.services["audit-svc"].url

    async def new_project(
        self, lead: dict[str, str], owner_unit: str, required: str, events: Watcher, timeout: float = 30
    ) -> str:
        """A registered, budgeted project whose account fund-svc has opened."""
        code = f"ZS-{time.monotonic_ns()}"
        r = await self.client.post(
            f"{self.project}/v1/projects",
            json={
                "code": code,
                "name": "城南片区旧城改造项目",
                "land_type": "state_owned",
                "district": "城南区",
                "owner_unit": owner_unit,
                "planned_households": 61,
                "planned_area_m2": "13716.00",
            },
            headers=lead,
        )
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        r = await self.client.put(
            f"{self.project}/v1/projects/{pid}/budget",
            json={"items": [{"category": "compensation", "amount": required}]},
            headers=lead,
        )
        assert r.status_code == 200, r.text
        await events.wait_for("expro.fund.account_opened.v1", timeout=timeout, project_id=pid)
        return pid

    async def new_task_order(self, lead: dict[str, str], pid: str) -> str:
        r = await self.client.post(
            f"{self.project}/v1/projects/{pid}/task-orders",
            json={"title": "房屋征收任务交办书", "scope": "61户国有土地上房屋征收", "due_date": "2023-06-30"},
            headers=lead,
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    async def deposit(self, headers: dict[str, str], pid: str, amount: str, ref: str, key: str) -> httpx.Response:
        return await self.client.post(
            f"{self.fund}/v1/projects/{pid}/deposits",
            json={
                "amount": amount,
                "bank_reference": ref,
                "payer": "城投公司",
                "received_at": "2022-03-15T10:30:00+08:00",
            },
            headers=headers | {"Idempotency-Key": key},
        )


@pytest.fixture
async def api(stack: Stack) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(timeout=60) as client:
        yield Api(stack, client)


@pytest.fixture
def lead() -> dict[str, str]:
    return bearer("leader-1", "center_leader")


@pytest.fixture
def finance() -> dict[str, str]:
    return bearer("finance-1", "finance")
