"""The chain is its own outbox: sealing writes no outbox row, and the relay's chain feed
publishes one record_sealed per record, in chain order, the same envelope every time it is
built, behind a cursor that only the broker's acknowledgement moves. On the real database."""

from __future__ import annotations

import uuid
from datetime import timedelta

import orjson
import pytest
import sqlalchemy as sa
from sqlmodel import select

from audit_svc.bootstrap import MIGRATIONS
from audit_svc.trail.publication import ChainFeed
from expro_shared.consumer import EventConsumer, RawMessage
from expro_shared.db import Database, utcnow
from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC
from expro_shared.events.audit import AuditRecordSealed
from expro_shared.events.envelope import CloudEvent
from expro_shared.migrations import migrate
from expro_shared.outbox import OutboxRelay
from expro_shared.tables import OutboxRecord
from tests.support import deposit_recorded, upgrade_to

pytestmark = pytest.mark.db


async def pending(db: Database, feed: ChainFeed | None = None, limit: int = 10_000) -> list[CloudEvent]:
    async with db.engine.connect() as conn:
        return [CloudEvent.model_validate_json(m.payload) for m in await (feed or ChainFeed()).pending(conn, limit)]


async def seal(trail: EventConsumer[object], *events: CloudEvent) -> None:
    await trail.process_many([RawMessage(FUND_TOPIC, 0, n, e.to_json().encode()) for n, e in enumerate(events)])


async def test_sealing_writes_no_outbox_row_and_the_feed_gives_one_seal_per_record_in_order(
    db: Database, trail: EventConsumer[object]
) -> None:
    project = str(uuid.uuid4())
    events = [deposit_recorded(project, f"{n}.00") for n in range(1, 6)]
    await seal(trail, *events)

    async with db.sessionmaker() as session:
        assert (await session.exec(select(OutboxRecord))).all() == []
    seals = await pending(db)
    assert [s.type for s in seals] == [AuditRecordSealed.TYPE] * 5
    assert [s.data["seq"] for s in seals] == [1, 2, 3, 4, 5]
    assert [s.causationid for s in seals] == [e.id for e in events]
    for s, e in zip(seals, events, strict=True):
        assert s.subject == project and s.source == "/audit-svc" and s.actor == "audit-svc"
        # in the sealed event's trace and correlation
        assert s.traceparent is not None and e.traceparent is not None
        assert s.traceparent.split("-")[1] == e.traceparent.split("-")[1]
        assert s.correlationid == e.correlationid
    assert len({s.id for s in seals}) == 5


async def test_each_seal_is_the_contracts_envelope_and_data_as_pydantic_would_write_them(
    db: Database, trail: EventConsumer[object]
) -> None:
    """The feed writes the JSON itself (no model per record): it must be exactly what the
    contract's models give, field for field, time format included."""
    await seal(trail, deposit_recorded(str(uuid.uuid4())))
    async with db.engine.connect() as conn:
        [sent] = await ChainFeed().pending(conn, 10)
    envelope = CloudEvent.model_validate_json(sent.payload)
    assert orjson.loads(envelope.to_json()) == orjson.loads(sent.payload)
    data = AuditRecordSealed.model_validate(envelope.data)
    assert data.model_dump(mode="json") == envelope.data
    assert sent.key == envelope.subject == data.project_id


async def test_a_seal_built_again_is_the_same_event(db: Database, trail: EventConsumer[object]) -> None:
    """A re-send (a crash before the cursor moved, a broker that lost its state) carries the
    same id, time and trace: consumers' inboxes skip it."""
    await seal(trail, deposit_recorded(str(uuid.uuid4())), deposit_recorded(str(uuid.uuid4())))
    first, again = await pending(db), await pending(db)
    assert [s.model_dump() for s in first] == [s.model_dump() for s in again]


async def test_marking_moves_the_cursor_past_what_was_sent_and_never_back(
    db: Database, trail: EventConsumer[object]
) -> None:
    project = str(uuid.uuid4())
    await seal(trail, *(deposit_recorded(project, f"{n}.00") for n in range(1, 6)))
    feed = ChainFeed(batch_size=2)
    async with db.engine.connect() as conn:
        batch = await feed.pending(conn, feed.batch_size)
    assert [m.position for m in batch] == [1, 2]
    async with db.engine.begin() as conn:
        await feed.mark(conn, batch)
    assert [s.data["seq"] for s in await pending(db)] == [3, 4, 5]

    async with db.engine.connect() as conn:
        rest = await feed.pending(conn, 10)
    async with db.engine.begin() as conn:
        await feed.mark(conn, rest)
        await feed.mark(conn, batch)  # a late mark of an earlier batch (another instance's relay)
    assert await pending(db) == []

    await seal(trail, deposit_recorded(project, "6.00"))
    assert [s.data["seq"] for s in await pending(db)] == [6]


async def test_a_broker_that_lost_its_state_gets_the_recent_seals_and_outbox_rows_again(
    db: Database, trail: EventConsumer[object]
) -> None:
    """The relay rewinds every feed it sends: the outbox's recent rows and the chain's cursor."""
    project = str(uuid.uuid4())
    await seal(trail, *(deposit_recorded(project, f"{n}.00") for n in range(1, 4)))
    feed = ChainFeed()
    relay = OutboxRelay(db, "unused:9092", "audit-svc", [AUDIT_TOPIC], feeds=[feed])
    async with db.engine.connect() as conn:
        sent = await feed.pending(conn, 10)
    async with db.engine.begin() as conn:
        await feed.mark(conn, sent)
    assert await pending(db) == []

    await relay._republish_recent()

    assert [s.data["seq"] for s in await pending(db)] == [1, 2, 3]
    async with db.engine.begin() as conn:  # nothing recorded within the window: nothing again
        await feed.mark(conn, sent)
        assert await feed.rewind(conn, utcnow() + timedelta(seconds=1)) == 0
    assert await pending(db) == []


async def test_the_migration_starts_the_cursor_after_the_records_sealed_before_it(database_url: str) -> None:
    """Records sealed under revision 0003 had their record_sealed written to the outbox,
    which the relay still sends: the chain feed starts after them, so none goes out twice."""
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "0003"))
            for seq in (1, 2, 3):
                await conn.execute(
                    sa.text(
                        "INSERT INTO audit_records (seq, event_id, event_type, source, subject, actor, event_time,"
                        " recorded_at, topic, payload, prev_hash, hash, leaf_hash) VALUES (:seq, :eid, 't', 's',"
                        " 'p', 'a', :ts, :ts, 'topic', '{}', 'x', 'y', 'z')"
                    ),
                    {"seq": seq, "eid": f"e-{seq}", "ts": utcnow()},
                )
        await migrate(db, MIGRATIONS)
        async with db.engine.connect() as conn:
            assert await ChainFeed().position(conn) == 3
            assert await ChainFeed().pending(conn, 10) == []
    finally:
        await db.dispose()
