"""The trail seals every event it consumes into one hash chain, on the real database."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import delete, update
from sqlmodel import col, select

from audit_svc.adapters import repository as repo
from audit_svc.adapters.tables import AuditRecordRow
from audit_svc.domain.chain import GENESIS, ChainReport, seal
from audit_svc.service_layer.handlers import verify_chain
from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events.contracts import (
    AUDIT_TOPIC,
    FUND_TOPIC,
    PROJECT_TOPIC,
    AuditRecordSealed,
    DepositRecorded,
    LandType,
    ProjectRegistered,
)
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.money import Money
from expro_shared.tables import OutboxRecord

pytestmark = pytest.mark.db
Deliver = Callable[..., Awaitable[None]]


def registered(project_id: str) -> CloudEvent:
    data = ProjectRegistered(
        project_id=project_id,
        code=f"ZS-{project_id[:8]}",
        name="城南片区旧城改造项目",
        land_type=LandType.STATE_OWNED,
        district="城南区",
        owner_unit="城投公司",
        planned_households=61,
        planned_area_m2="13716.00",
    )
    return new_event(data, source="/project-svc", actor="staff-01")


def deposited(project_id: str, amount: str = "1000000.00") -> CloudEvent:
    data = DepositRecorded(
        project_id=project_id,
        deposit_id=str(uuid.uuid4()),
        amount=Money.parse(amount),
        bank_reference=f"BR-{uuid.uuid4().hex[:8]}",
        deposited_total=Money.parse(amount),
    )
    return new_event(data, source="/fund-svc", actor="finance-01")


async def records(db: Database) -> list[AuditRecordRow]:
    async with db.sessionmaker() as session:
        return list((await session.exec(select(AuditRecordRow).order_by(col(AuditRecordRow.seq)))).all())


async def seals(db: Database) -> list[CloudEvent]:
    async with db.sessionmaker() as session:
        stmt = select(OutboxRecord).where(OutboxRecord.topic == AUDIT_TOPIC).order_by(col(OutboxRecord.seq))
        rows = (await session.exec(stmt)).all()
    return [CloudEvent.model_validate_json(r.payload) for r in rows]


async def verify(db: Database) -> ChainReport:
    async with db.sessionmaker() as session:
        return await verify_chain(session)


async def tamper(db: Database, seq: int, **values: object) -> None:
    async with db.uow() as uow:
        await uow.session.exec(update(AuditRecordRow).where(col(AuditRecordRow.seq) == seq).values(**values))
        await uow.commit()


async def test_events_from_every_topic_are_sealed_in_arrival_order_into_a_valid_chain(
    db: Database, deliver: Deliver
) -> None:
    project = str(uuid.uuid4())
    events = [registered(project), deposited(project), deposited(project, "500.50")]
    for e in events:
        await deliver(e)

    rows = await records(db)
    assert [r.event_id for r in rows] == [e.id for e in events]
    assert [r.topic for r in rows] == [PROJECT_TOPIC, FUND_TOPIC, FUND_TOPIC]
    assert rows[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    for r, e in zip(rows, events, strict=True):
        assert r.payload == json.dumps(
            e.model_dump(mode="json", exclude_none=True),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        assert r.hash == seal(r.prev_hash, r.payload)
        assert (r.event_type, r.source, r.subject, r.actor, r.event_time) == (
            e.type,
            e.source,
            e.subject,
            e.actor,
            e.time,
        )

    report = await verify(db)
    assert (report.valid, report.records, report.head, report.first_invalid_seq) == (
        True,
        3,
        rows[-1].hash,
        None,
    )


async def test_each_seal_is_published_to_the_audit_topic_with_its_chain_position(
    db: Database, deliver: Deliver
) -> None:
    project = str(uuid.uuid4())
    original = deposited(project)
    await deliver(original)

    [row] = await records(db)
    [sealed] = await seals(db)
    assert sealed.type == AuditRecordSealed.TYPE
    assert sealed.subject == project
    assert sealed.source == "/audit-svc"
    assert sealed.causationid == original.id
    assert sealed.data == {
        "project_id": project,
        "seq": row.seq,
        "event_id": original.id,
        "event_type": DepositRecorded.TYPE,
        "source": "/fund-svc",
        "hash": row.hash,
        "prev_hash": GENESIS,
    }


async def test_a_redelivered_event_is_sealed_once(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    event = deposited(project)
    await deliver(event)
    await deliver(event)  # Kafka redelivery after a crash before the offset commit
    await deliver(deposited(project))

    rows = await records(db)
    assert [r.event_id for r in rows].count(event.id) == 1
    assert len(rows) == 2
    assert len(await seals(db)) == 2
    assert (await verify(db)).valid


async def test_a_tampered_payload_is_reported_at_its_seq(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposited(project, amount))
    rows = await records(db)

    await tamper(db, rows[1].seq, payload=rows[1].payload.replace("200.00", "20000.00"))  # type: ignore[arg-type]

    report = await verify(db)
    assert not report.valid
    assert report.first_invalid_seq == rows[1].seq
    assert report.records == 3


async def test_a_re_hashed_forgery_still_breaks_the_link_after_it(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposited(project, amount))
    rows = await records(db)

    forged = rows[1].payload.replace("200.00", "20000.00")
    await tamper(db, rows[1].seq, payload=forged, hash=seal(rows[1].prev_hash, forged))  # type: ignore[arg-type]

    assert (await verify(db)).first_invalid_seq == rows[2].seq


async def test_a_relabelled_subject_column_is_caught_though_the_payload_is_intact(
    db: Database, deliver: Deliver
) -> None:
    await deliver(deposited(str(uuid.uuid4())))
    await deliver(deposited(str(uuid.uuid4())))
    rows = await records(db)

    await tamper(db, rows[0].seq, subject=rows[1].subject)  # type: ignore[arg-type]

    assert (await verify(db)).first_invalid_seq == rows[0].seq


async def test_a_deleted_record_is_caught_even_at_the_end_of_the_chain(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposited(project, amount))
    rows = await records(db)

    async with db.uow() as uow:
        await uow.session.exec(delete(AuditRecordRow).where(col(AuditRecordRow.seq) == rows[2].seq))
        await uow.commit()

    report = await verify(db)
    assert not report.valid
    assert report.first_invalid_seq == rows[2].seq
    assert report.records == 2


async def test_verification_reads_a_long_chain_back_whole_in_batches(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for n in range(1, 6):
        await deliver(deposited(project, f"{n}.00"))

    async with db.sessionmaker() as session:
        streamed = [row.seq async for row in repo.whole_chain(session, batch=2)]

    assert streamed == [r.seq for r in await records(db)]


async def test_an_event_type_unknown_to_the_contracts_is_sealed_too(db: Database, deliver: Deliver) -> None:
    """The trail keeps every event as an envelope: a type added later by another service is
    in the chain from its first appearance, with the topic it arrived on."""
    future = deposited(str(uuid.uuid4())).model_copy(update={"type": "expro.housing.unit_allocated.v1"})
    await deliver(future, "expro.housing.events")

    (row,) = await records(db)
    assert (row.event_id, row.event_type, row.topic) == (
        future.id,
        "expro.housing.unit_allocated.v1",
        "expro.housing.events",
    )
    assert (await verify(db)).valid


async def test_an_event_whose_data_breaks_its_model_is_still_sealed(db: Database, deliver: Deliver) -> None:
    broken = deposited(str(uuid.uuid4()))
    broken.data["amount"] = "not money"
    await deliver(broken, FUND_TOPIC)

    (row,) = await records(db)
    assert json.loads(row.payload)["data"]["amount"] == "not money"


async def test_concurrent_sealing_never_forks_the_chain(
    db: Database, database_url: str, trail_of: Callable[[Database], EventConsumer], deliver: Deliver
) -> None:
    second = Database(database_url)  # a second instance of the service, same database
    try:
        instances = [trail_of(db), trail_of(second)]
        project = str(uuid.uuid4())
        events = [deposited(project, f"{n}.00") for n in range(1, 21)]
        await asyncio.gather(*(deliver(e, consumer=instances[n % 2]) for n, e in enumerate(events)))
    finally:
        await second.dispose()

    rows = await records(db)
    assert sorted(r.event_id for r in rows) == sorted(e.id for e in events)
    assert len({r.prev_hash for r in rows}) == 20  # no two records claim the same predecessor
    report = await verify(db)
    assert report.valid and report.records == 20
