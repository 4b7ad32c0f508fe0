"""The chain is its own outbox: the relay publishes one ``record_sealed`` per record, built
from the record, in ``seq`` order, and keeps how far it got in ``seal_publication`` (one
row). Sealing writes no outbox row per record, and the relay marks a batch by moving one
cursor instead of updating a row per event.

Each envelope is a function of its record, so a re-send (a crash between the broker's
acknowledgement and the cursor's move, or a broker that lost its state) is the same event
with the same id, which consumers' inboxes skip: id a UUIDv5 of the record's hash, time the
moment it was recorded, caused by the sealed event and in its trace and correlation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from audit_svc.trail.tables import AuditRecordRow, SealPublicationRow
from expro_shared.events import AUDIT_TOPIC
from expro_shared.events.audit import AuditRecordSealed
from expro_shared.outbox import Outgoing
from expro_shared.tracing import parse_traceparent

ACTOR = "audit-svc"
#: The namespace of the ``record_sealed`` ids (UUIDv5 of the record's hash).
SEALED_IDS = uuid.UUID("6f1d3c52-8a0e-4e57-9b39-3f6c1f0a2d41")
CURSOR_ID = 1

_records = AuditRecordRow.__table__.c  # type: ignore[attr-defined]
_cursor = SealPublicationRow.__table__  # type: ignore[attr-defined]
_COLUMNS = (
    _records.seq,
    _records.event_id,
    _records.event_type,
    _records.source,
    _records.subject,
    _records.recorded_at,
    _records.payload,
    _records.prev_hash,
    _records.hash,
    _records.leaf_hash,
)


def sealed_event(record: Sequence[Any], publisher: str = f"/{ACTOR}") -> str:
    """The ``record_sealed`` of one record (its ``_COLUMNS``), as the JSON the relay sends:
    the same envelope every time it is built. Written straight from the columns, with no
    model per record (the relay builds one per record sealed); ``test_publication`` holds
    it to the contract's models, ``CloudEvent`` and ``AuditRecordSealed``."""
    seq, event_id, event_type, source, subject, recorded_at, payload, prev_hash, hash, leaf_hash = record
    sealed = orjson.loads(payload)
    parent = parse_traceparent(sealed.get("traceparent")) if isinstance(sealed, dict) else None
    correlation = sealed.get("correlationid") if isinstance(sealed, dict) else None
    # a span of the sealed event's trace (a trace of its own if it had none), named by the hash
    trace_id = parent[0] if parent else hash[16:48]
    envelope = {
        "specversion": "1.0",
        "id": str(uuid.uuid5(SEALED_IDS, hash)),
        "source": publisher,
        "type": AuditRecordSealed.TYPE,
        "subject": subject,
        "time": recorded_at,
        "datacontenttype": "application/json",
        "data": {
            "project_id": subject,
            "seq": seq,
            "event_id": event_id,
            "event_type": event_type,
            "source": source,
            "hash": hash,
            "prev_hash": prev_hash,
            "leaf_index": seq - 1,
            "leaf_hash": leaf_hash,
        },
        "traceparent": f"00-{trace_id}-{hash[:16]}-01",
        "actor": ACTOR,
        "correlationid": correlation if isinstance(correlation, str) else None,
        "causationid": event_id,
    }
    if envelope["correlationid"] is None:
        del envelope["correlationid"]
    return orjson.dumps(envelope, option=orjson.OPT_UTC_Z).decode()


class ChainFeed:
    """The relay's feed of ``record_sealed`` events: the records after the cursor."""

    def __init__(self, publisher: str = f"/{ACTOR}", batch_size: int = 500) -> None:
        self.publisher = publisher
        self.batch_size = batch_size

    async def position(self, conn: AsyncConnection) -> int:
        """The last seq published."""
        stmt = sa.select(_cursor.c.seq).where(_cursor.c.id == CURSOR_ID)
        return int((await conn.execute(stmt)).scalar_one())

    async def pending(self, conn: AsyncConnection, limit: int) -> list[Outgoing]:
        after = await self.position(conn)
        stmt = sa.select(*_COLUMNS).where(_records.seq > after).order_by(_records.seq).limit(limit)
        rows = (await conn.execute(stmt)).all()
        publisher = self.publisher
        return [Outgoing(AUDIT_TOPIC, row[4], sealed_event(row, publisher), row[0]) for row in rows]

    async def mark(self, conn: AsyncConnection, sent: Sequence[Outgoing]) -> None:
        last = max(m.position for m in sent)
        # never backwards: another instance's relay may have published further meanwhile
        await conn.execute(sa.update(_cursor).where(_cursor.c.id == CURSOR_ID, _cursor.c.seq < last).values(seq=last))

    async def failed(self, conn: AsyncConnection, sent: Sequence[Outgoing], error: str) -> None:
        """Nothing to record: the cursor stays, and the relay logs and restarts."""

    async def rewind(self, conn: AsyncConnection, since: datetime) -> int:
        first = (
            await conn.execute(sa.select(sa.func.min(_records.seq)).where(_records.recorded_at > since))
        ).scalar_one_or_none()
        published = await self.position(conn)
        if first is None or int(first) > published:
            return 0
        await conn.execute(sa.update(_cursor).where(_cursor.c.id == CURSOR_ID).values(seq=int(first) - 1))
        return published - int(first) + 1  # seqs are gap-free
