"""audit-svc handlers: seal every event into the chain and publish the seal, in the
consumer's one transaction (with its inbox row, so a redelivery has no second effect);
and recompute the chain on demand."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from audit_svc.adapters import repository as repo
from audit_svc.adapters.tables import AuditRecordRow
from audit_svc.domain import chain
from expro_shared.consumer import current_message
from expro_shared.db import UnitOfWork, utcnow
from expro_shared.events.contracts import AUDIT_TOPIC, REGISTRY, AuditRecordSealed
from expro_shared.events.envelope import CloudEvent, new_event

SOURCE = "/audit-svc"
ACTOR = "audit-svc"


# --- events ----------------------------------------------------------------------


async def seal_event(event: CloudEvent, uow: UnitOfWork) -> None:
    """Append ``event`` to the chain under the head's lock and publish `record_sealed`."""
    head = await repo.chain_head(uow.session, lock=True)
    if await repo.get_record(uow.session, event.id) is not None:
        return  # sealed already (e.g. by another instance during a rebalance): no second link
    payload = chain.canonical_json(event.model_dump(mode="json", exclude_none=True))
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
        hash=chain.seal(head.hash, payload),
    )
    uow.session.add(record)
    await uow.session.flush()  # assigns seq
    assert record.seq is not None
    head.seq = record.seq
    head.hash = record.hash
    uow.session.add(head)
    sealed = AuditRecordSealed(
        project_id=event.subject,
        seq=record.seq,
        event_id=event.id,
        event_type=event.type,
        source=event.source,
        hash=record.hash,
        prev_hash=record.prev_hash,
    )
    uow.publish(new_event(sealed, source=SOURCE, actor=ACTOR, causation=event), AUDIT_TOPIC)


def _topic_of(event: CloudEvent) -> str:
    """The topic the event arrived on (or, outside a consumer, its type's contract topic)."""
    msg = current_message.get()
    if msg is not None:
        return msg.topic
    model = REGISTRY.get(event.type)
    return model.TOPIC if model is not None else "unknown"


# --- queries ---------------------------------------------------------------------


async def verify_chain(session: AsyncSession) -> chain.ChainReport:
    """Recompute the whole chain from genesis against its recorded head, in one snapshot."""
    await repo.snapshot(session)
    head = await repo.chain_head(session)
    walk = chain.ChainWalk()
    async for row in repo.whole_chain(session):
        assert row.seq is not None
        walk.step(
            chain.Link(
                seq=row.seq,
                event_id=row.event_id,
                event_type=row.event_type,
                source=row.source,
                subject=row.subject,
                actor=row.actor,
                event_time=row.event_time,
                payload=row.payload,
                prev_hash=row.prev_hash,
                hash=row.hash,
            )
        )
    return walk.report(chain.Head(seq=head.seq, hash=head.hash))
