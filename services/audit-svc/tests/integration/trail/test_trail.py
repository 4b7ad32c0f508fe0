"""The trail seals every event it consumes into one hash chain, on the real database."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import Awaitable, Callable

import pytest
from sqlmodel import col, select

from audit_svc.trail.domain import GENESIS, ChainReport, seal
from audit_svc.trail.publication import ChainFeed
from audit_svc.trail.tables import AuditRecordRow
from audit_svc.uow import AuditUnitOfWork
from audit_svc.verification.handlers import verify_chain
from expro_shared.consumer import EventConsumer, RawMessage
from expro_shared.db import Database
from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC, PROJECT_TOPIC
from expro_shared.events.audit import AuditRecordSealed
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import DepositRecorded
from expro_shared.tables import DeadLetter, InboxRecord
from tests.support import deposit_recorded, project_registered

pytestmark = pytest.mark.db
Deliver = Callable[..., Awaitable[None]]


async def records(db: Database) -> list[AuditRecordRow]:
    async with db.sessionmaker() as session:
        return list((await session.exec(select(AuditRecordRow).order_by(col(AuditRecordRow.seq)))).all())


async def seals(db: Database) -> list[CloudEvent]:
    """The record_sealed events the relay would send now, in order."""
    async with db.engine.connect() as conn:
        pending = await ChainFeed().pending(conn, 10_000)
    assert {m.topic for m in pending} <= {AUDIT_TOPIC}
    return [CloudEvent.model_validate_json(m.payload) for m in pending]


async def verify(db: Database) -> ChainReport:
    async with AuditUnitOfWork(db, source="/audit-svc", actor="auditor-01") as uow:
        return await verify_chain(uow)


async def test_events_from_every_topic_are_sealed_in_arrival_order_into_a_valid_chain(
    db: Database, deliver: Deliver
) -> None:
    project = str(uuid.uuid4())
    events = [project_registered(project), deposit_recorded(project), deposit_recorded(project, "500.50")]
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
    original = deposit_recorded(project)
    await deliver(original)

    [row] = await records(db)
    [sealed] = await seals(db)
    assert sealed.type == AuditRecordSealed.TYPE
    assert sealed.subject == project
    assert sealed.source == "/audit-svc"
    assert sealed.actor == "audit-svc"
    assert sealed.causationid == original.id
    assert sealed.data == {
        "project_id": project,
        "seq": row.seq,
        "event_id": original.id,
        "event_type": DepositRecorded.TYPE,
        "source": "/fund-svc",
        "hash": row.hash,
        "prev_hash": GENESIS,
        "leaf_index": 0,
        "leaf_hash": row.leaf_hash,
    }


async def test_a_redelivered_event_is_sealed_once(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    event = deposit_recorded(project)
    await deliver(event)
    await deliver(event)  # Kafka redelivery after a crash before the offset commit
    await deliver(deposit_recorded(project))

    rows = await records(db)
    assert [r.event_id for r in rows].count(event.id) == 1
    assert len(rows) == 2
    assert len(await seals(db)) == 2
    assert (await verify(db)).valid


async def test_an_event_type_unknown_to_the_contracts_is_sealed_too(db: Database, deliver: Deliver) -> None:
    """The trail keeps every event as an envelope: a type added later by another service is
    in the chain from its first appearance, with the topic it arrived on."""
    future = deposit_recorded(str(uuid.uuid4())).model_copy(update={"type": "expro.housing.unit_allocated.v1"})
    await deliver(future, "expro.housing.events")

    (row,) = await records(db)
    assert (row.event_id, row.event_type, row.topic) == (
        future.id,
        "expro.housing.unit_allocated.v1",
        "expro.housing.events",
    )
    assert (await verify(db)).valid


async def test_an_event_whose_data_breaks_its_model_is_still_sealed(db: Database, deliver: Deliver) -> None:
    broken = deposit_recorded(str(uuid.uuid4()))
    broken.data["amount"] = "not money"
    await deliver(broken, FUND_TOPIC)

    (row,) = await records(db)
    assert json.loads(row.payload)["data"]["amount"] == "not money"


async def test_concurrent_sealing_never_forks_the_chain(
    db: Database,
    database_url: str,
    trail_of: Callable[[Database], EventConsumer[AuditUnitOfWork]],
    deliver: Deliver,
) -> None:
    second = Database(database_url)  # a second instance of the service, same database
    try:
        instances = [trail_of(db), trail_of(second)]
        project = str(uuid.uuid4())
        events = [deposit_recorded(project, f"{n}.00") for n in range(1, 21)]
        await asyncio.gather(*(deliver(e, consumer=instances[n % 2]) for n, e in enumerate(events)))
    finally:
        await second.dispose()

    rows = await records(db)
    assert sorted(r.event_id for r in rows) == sorted(e.id for e in events)
    assert len({r.prev_hash for r in rows}) == 20  # no two records claim the same predecessor
    report = await verify(db)
    assert report.valid and report.records == 20


_batch_offsets = itertools.count(10_000)


def batch_of(*events: CloudEvent | bytes, topic: str = FUND_TOPIC) -> list[RawMessage]:
    """A fetched batch of one partition, as the consumer's loop hands it over."""
    return [
        RawMessage(topic, 0, next(_batch_offsets), e if isinstance(e, bytes) else e.to_json().encode()) for e in events
    ]


async def test_a_fetched_batch_is_sealed_in_one_transaction_with_one_seal_per_event(
    db: Database, trail: EventConsumer[AuditUnitOfWork], deliver: Deliver
) -> None:
    project = str(uuid.uuid4())
    first = project_registered(project)
    await deliver(first)  # sealed on its own before the batch
    batch = [deposit_recorded(project, f"{n}.00") for n in range(1, 51)]

    await trail.process_many(batch_of(first, *batch, batch[3]))  # a redelivery and a repeat inside

    rows = await records(db)
    assert [r.event_id for r in rows] == [first.id, *(e.id for e in batch)]
    assert [r.seq for r in rows] == list(range(1, 52))
    assert {r.topic for r in rows[1:]} == {FUND_TOPIC}
    assert [s.data["seq"] for s in await seals(db)] == list(range(1, 52))
    report = await verify(db)
    assert report.valid and report.records == 51


async def test_a_batch_with_a_message_that_is_not_an_event_still_seals_the_others(
    db: Database, trail: EventConsumer[AuditUnitOfWork]
) -> None:
    project = str(uuid.uuid4())
    good = [deposit_recorded(project, f"{n}.00") for n in range(1, 4)]

    await trail.process_many(batch_of(good[0], b"{not json", good[1], good[2]))

    assert [r.event_id for r in await records(db)] == [e.id for e in good]
    async with db.sessionmaker() as session:
        letters = (await session.exec(select(DeadLetter))).all()
    assert [letter.payload for letter in letters] == ["{not json"]
    assert (await verify(db)).valid


async def test_the_records_are_the_trails_inbox(
    db: Database, trail: EventConsumer[AuditUnitOfWork], deliver: Deliver
) -> None:
    """Each record holds its event's id under a unique constraint, and sealing skips the ids
    the chain holds: the trail writes no inbox rows beside its records (nor reads them), yet a
    redelivered batch or event is sealed once."""
    project = str(uuid.uuid4())
    events = [deposit_recorded(project, f"{n}.00") for n in range(1, 6)]
    await trail.process_many(batch_of(*events))
    await deliver(events[0])
    await trail.process_many(batch_of(*events[2:], deposit_recorded(project, "9.00")))

    assert len(await records(db)) == 6
    async with db.sessionmaker() as session:
        assert (await session.exec(select(InboxRecord).where(InboxRecord.consumer == trail.name))).all() == []
    assert [s.data["seq"] for s in await seals(db)] == list(range(1, 7))
    assert (await verify(db)).valid


async def test_a_replayed_batch_of_sealed_events_commits_nothing(
    db: Database, trail: EventConsumer[AuditUnitOfWork], deliver: Deliver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replay from offset 0 is all duplicates: no transaction is committed for it (so no
    fault injected after a commit can land there, and nothing is written)."""
    project = str(uuid.uuid4())
    events = [deposit_recorded(project, f"{n}.00") for n in range(1, 4)]
    await trail.process_many(batch_of(*events))
    commits: list[int] = []
    monkeypatch.setattr(db, "after_commit", lambda: commits.append(1))

    await trail.process_many(batch_of(*events))

    assert commits == []
    assert len(await records(db)) == 3
