"""Handlers of the trail: seal every event into the chain and publish the seal, in the
consumer's one unit of work (with its inbox row, so a redelivery has no second effect)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from audit_svc.trail import domain
from expro_shared.consumer import RawMessage, current_message
from expro_shared.db import utcnow
from expro_shared.events import REGISTRY
from expro_shared.events.audit import AuditRecordSealed
from expro_shared.events.envelope import CloudEvent

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork

ACTOR = "audit-svc"


async def seal_event(event: CloudEvent, uow: AuditUnitOfWork) -> None:
    """Append ``event`` to the chain under the head's lock and publish `record_sealed`."""
    await seal_events([(event, _topic_of(event))], uow)


async def seal_events(events: Sequence[tuple[CloudEvent, str]], uow: AuditUnitOfWork) -> None:
    """Append each ``(event, topic it arrived on)`` to the chain, in order, under one lock of
    the head, and publish a `record_sealed` for each: a fetched batch is one transaction.
    The head lock makes ``seq`` gap-free and explicit (never a database sequence)."""
    head = await uow.records.head(lock=True)
    # sealed already (e.g. by another instance during a rebalance): no second link
    sealed = await uow.records.sealed_ids([e.id for e, _ in events])
    seq, prev = head.seq, head.hash
    records: list[dict[str, object]] = []
    for event, topic in events:
        if event.id in sealed:
            continue
        sealed.add(event.id)
        payload = domain.canonical_json(event.model_dump(mode="json", exclude_none=True))
        seq += 1
        digest = domain.seal(prev, payload)
        records.append(
            {
                "seq": seq,
                "event_id": event.id,
                "event_type": event.type,
                "source": event.source,
                "subject": event.subject,
                "actor": event.actor,
                "event_time": event.time,
                "recorded_at": utcnow(),
                "topic": topic,
                "payload": payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        uow.emit(
            AuditRecordSealed(
                project_id=event.subject,
                seq=seq,
                event_id=event.id,
                event_type=event.type,
                source=event.source,
                hash=digest,
                prev_hash=prev,
            ),
            causation=event,
            actor=ACTOR,
        )
        prev = digest
    await uow.records.append(records)
    head.seq, head.hash = seq, prev
    uow.records.add(head)


async def seal_batch(events: Sequence[tuple[CloudEvent, RawMessage]], uow: AuditUnitOfWork) -> None:
    """The consumer's batch handler: a fetched batch sealed in one unit of work."""
    await seal_events([(event, msg.topic) for event, msg in events], uow)


def _topic_of(event: CloudEvent) -> str:
    """The topic the event arrived on (or, outside a consumer, its type's contract topic)."""
    msg = current_message.get()
    if msg is not None:
        return msg.topic
    model = REGISTRY.get(event.type)
    return model.TOPIC if model is not None else "unknown"
