"""Handlers of the trail: seal every event into the chain and publish the seal, in the
consumer's one unit of work (with its inbox row, so a redelivery has no second effect)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit_svc.trail import domain
from audit_svc.trail.tables import AuditRecordRow
from expro_shared.consumer import current_message
from expro_shared.db import utcnow
from expro_shared.events import REGISTRY
from expro_shared.events.audit import AuditRecordSealed
from expro_shared.events.envelope import CloudEvent

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork

ACTOR = "audit-svc"


async def seal_event(event: CloudEvent, uow: AuditUnitOfWork) -> None:
    """Append ``event`` to the chain under the head's lock and publish `record_sealed`."""
    head = await uow.records.head(lock=True)
    if await uow.records.get(event.id) is not None:
        return  # sealed already (e.g. by another instance during a rebalance): no second link
    payload = domain.canonical_json(event.model_dump(mode="json", exclude_none=True))
    record = AuditRecordRow(
        event_id=event.id,
        event_type=event.type,
        source=event.source,
        subject=event.subject,
        actor=event.actor,
        event_time=event.time,
        recorded_at=utcnow(),
        topic=_topic_of(event),
        payload=payload,
        prev_hash=head.hash,
        hash=domain.seal(head.hash, payload),
    )
    seq = await uow.records.append(record)
    head.seq = seq
    head.hash = record.hash
    uow.records.add(head)
    sealed = AuditRecordSealed(
        project_id=event.subject,
        seq=seq,
        event_id=event.id,
        event_type=event.type,
        source=event.source,
        hash=record.hash,
        prev_hash=record.prev_hash,
    )
    uow.emit(sealed, causation=event, actor=ACTOR)


def _topic_of(event: CloudEvent) -> str:
    """The topic the event arrived on (or, outside a consumer, its type's contract topic)."""
    msg = current_message.get()
    if msg is not None:
        return msg.topic
    model = REGISTRY.get(event.type)
    return model.TOPIC if model is not None else "unknown"
