"""Helpers shared by the tests: throwaway PostgreSQL databases, development tokens, sample
events as their producers would send them, and the text a generated PDF shows."""

from __future__ import annotations

import base64
import itertools
import re
import uuid
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from alembic import command

from expro_shared.consumer import EventConsumer, RawMessage
from expro_shared.db import Database, UnitOfWork
from expro_shared.events import REGISTRY
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.fund import DepositRecorded
from expro_shared.events.project import ProjectRegistered
from expro_shared.kafka import PARTITIONS, Supervisor, make_admin
from expro_shared.migrations import alembic_config
from expro_shared.runtime import Runtime
from expro_shared.settings import ServiceSettings
from expro_shared.vocabulary import LandType, Money

PG_ENV = "EXPRO_TEST_POSTGRES_URL"


async def create_pg_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database on the server of ``admin_url``; return (name, its URL)."""
    import asyncpg

    name = f"expro_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = admin_url.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


async def drop_pg_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def bearer(sub: str, *roles: str, org: str | None = None) -> dict[str, str]:
    """Authorization header with a development token."""
    from expro_shared.auth import issue_token
    from expro_shared.settings import DEV_JWT_SECRET

    return {"Authorization": "Bearer " + issue_token(DEV_JWT_SECRET, sub, list(roles), org)}


_offsets = itertools.count()


def wired_consumers(
    settings: ServiceSettings, db: Database, wire: Callable[[Any], None], uow_class: type[UnitOfWork]
) -> dict[str, EventConsumer[Any]]:
    """A service's consumers built through a Runtime exactly as the service wires them (not
    started), retrying without the production backoff."""
    rt = Runtime(settings=settings, db=db, supervisor=Supervisor(settings.service_name), uow_class=uow_class)
    wire(rt)
    for consumer in rt.consumers.values():
        consumer.retry_backoff = 0
    return rt.consumers


async def deliver(consumer: EventConsumer[Any], *events: CloudEvent, topic: str | None = None) -> None:
    """Hand events to a consumer as Kafka would: on their type's topic (or ``topic``), at
    increasing offsets."""
    for event in events:
        model = REGISTRY.get(event.type)
        where = topic or (model.TOPIC if model is not None else "unknown")
        await consumer.process(RawMessage(where, 0, next(_offsets), event.to_json().encode()))


async def topic_partitions(bootstrap: str, topics: Iterable[str], *, missing_ok: bool = False) -> list[TopicPartition]:
    """Every partition of ``topics`` as the broker describes them now (a consumer's own
    metadata may not hold a topic it never subscribed to). A missing topic fails, or with
    ``missing_ok`` counts as the services will create it."""
    admin = make_admin(bootstrap)
    await admin.start()
    try:
        described = {t["topic"]: t for t in await admin.describe_topics(list(topics))}
    finally:
        await admin.close()
    parts: list[TopicPartition] = []
    for topic in topics:
        found = sorted(p["partition"] for p in described.get(topic, {}).get("partitions", []))
        if not found and not missing_ok:
            raise AssertionError(f"topic {topic} does not exist on the broker")
        parts += [TopicPartition(topic, p) for p in found or range(PARTITIONS)]
    return parts


def project_registered(
    project_id: str | None = None, *, owner_unit: str = "城投公司", district: str = "城南区"
) -> CloudEvent:
    """project-svc's `project_registered` for a project (a fresh id unless given)."""
    project_id = project_id or str(uuid.uuid4())
    data = ProjectRegistered(
        project_id=project_id,
        code=f"ZS-{project_id[:8]}",
        name="城南片区旧城改造项目",
        land_type=LandType.STATE_OWNED,
        district=district,
        owner_unit=owner_unit,
        planned_households=61,
        planned_area_m2="13716.00",
    )
    return new_event(data, source="/project-svc", actor="staff-01")


def deposit_recorded(project_id: str, amount: str = "1000000.00") -> CloudEvent:
    """fund-svc's `deposit_recorded` of one deposit that is the account's whole total."""
    data = DepositRecorded(
        project_id=project_id,
        deposit_id=str(uuid.uuid4()),
        amount=Money.parse(amount),
        bank_reference=f"BR-{uuid.uuid4().hex[:8]}",
        deposited_total=Money.parse(amount),
    )
    return new_event(data, source="/fund-svc", actor="finance-01")


@asynccontextmanager
async def reading_from_start(
    bootstrap: str, topic: str
) -> AsyncIterator[tuple[AIOKafkaConsumer, list[TopicPartition]]]:
    """A bare consumer (no group, no commits) assigned every partition of ``topic`` at its
    first offset, with those partitions; stopped on exit."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=5)
    await consumer.start()
    try:
        partitions = await topic_partitions(bootstrap, [topic])
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        yield consumer, partitions
    finally:
        await consumer.stop()


def pdf_text(pdf: bytes) -> str:
    """The text a PDF made by ``expro_shared.pdf`` shows, its lines run together."""
    return "".join(pdf_lines(pdf))


def pdf_lines(pdf: bytes) -> list[str]:
    """The strings the content streams of a PDF made by ``expro_shared.pdf`` draw (``Tj``: a
    line of a paragraph or of a table cell, or a piece of one, in drawing order), compressed
    (ASCII85 + Flate) or not, each decoded as the UCS-2 codes of the CJK font (Latin-1 for a
    string that is not)."""
    shown: list[str] = []
    for m in re.finditer(rb"<<([^<>]*)>>\s*stream\r?\n(.*?)endstream", pdf, re.S):
        head, content = m.groups()
        if b"/ASCII85Decode" in head:
            content = base64.a85decode(content.strip(), adobe=True)
        if b"/FlateDecode" in head:
            content = zlib.decompress(content)
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            raw = re.sub(rb"\\([0-7]{1,3}|.)", lambda e: _unescape(e.group(1)), literal)
            try:
                shown.append(raw.decode("utf-16-be"))
            except UnicodeDecodeError:
                shown.append(raw.decode("latin-1"))
    return shown


def _unescape(code: bytes) -> bytes:
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)


def upgrade_to(migrations: str, revision: str) -> Callable[[Any], None]:
    """For ``conn.run_sync``: upgrade the connection's database to ``revision`` of a
    service's migrations (a migration test stops at the revision before the one it tests)."""

    def run(conn: Any) -> None:
        cfg = alembic_config(migrations)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

    return run
