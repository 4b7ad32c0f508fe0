"""Handlers of the trail: seal every event into the chain, in the consumer's one unit of
work (the records are the inbox, so a redelivery has no second effect). Each record's
``record_sealed`` is published by the relay from the record itself (``publication``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from audit_svc.trail import domain
from audit_svc.trail.tables import ChainHeadRow, CheckpointRow
from expro_shared.consumer import RawMessage, current_message
from expro_shared.db import utcnow
from expro_shared.events import REGISTRY
from expro_shared.events.envelope import CloudEvent

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


class Sealer:
    """The trail's consumer handlers for one log (its origin and checkpoint key)."""

    def __init__(self, log: domain.SignedLog) -> None:
        self.log = log

    async def seal_event(self, event: CloudEvent, uow: AuditUnitOfWork) -> None:
        """Append ``event`` to the chain under the head's lock (the relay publishes its
        `record_sealed`)."""
        await seal_events([(event, _topic_of(event))], uow, self.log)

    async def seal_batch(
        self, events: Sequence[tuple[CloudEvent, RawMessage]], uow: AuditUnitOfWork
    ) -> list[CloudEvent]:
        """The consumer's batch handler: a fetched batch sealed in one unit of work; the
        events sealed now (not before)."""
        return await seal_events([(event, msg.topic) for event, msg in events], uow, self.log)


async def seal_events(
    events: Sequence[tuple[CloudEvent, str]], uow: AuditUnitOfWork, log: domain.SignedLog
) -> list[CloudEvent]:
    """Append each ``(event, topic it arrived on)`` to the chain, in order, under one lock of
    the head: a fetched batch is one transaction. The records are the outbox of their
    `record_sealed` events, which the relay builds and sends after the commit.
    The head lock makes ``seq`` gap-free and explicit (never a database sequence). An event
    the chain holds already (a redelivery, or a repeat within the batch) is skipped: the
    records are the trail's inbox. Returns the events sealed now.

    The same transaction extends the transparency log: each record's leaf hash, the Merkle
    nodes that complete, and one signed checkpoint of the new size (two reads of the tree's
    right edge, O(log n) rows, per batch; no read per event)."""
    head = await uow.records.head(lock=True)
    # sealed already (e.g. by another instance during a rebalance): no second link
    sealed = await uow.records.sealed_ids([e.id for e, _ in events])
    seq, prev = head.seq, head.hash
    records: list[dict[str, object]] = []
    fresh: list[CloudEvent] = []
    for event, topic in events:
        if event.id in sealed:
            continue
        sealed.add(event.id)
        fresh.append(event)
        payload = domain.canonical_json(event.model_dump(mode="json", exclude_none=True))
        seq += 1
        digest = domain.seal(prev, payload)
        leaf = domain.leaf_hash(payload)
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
                "leaf_hash": leaf,
            }
        )
        prev = digest
    if not records:
        return fresh
    tree = domain.extend(head.seq, await _edge(uow, head), [str(r["leaf_hash"]) for r in records])
    await uow.records.append(records)
    await uow.records.append_nodes(tree.nodes)
    await uow.records.add_checkpoint(
        CheckpointRow(tree_size=seq, root_hash=tree.root, note=log.note(seq, tree.root), created_at=utcnow())
    )
    head.seq, head.hash, head.edge = seq, prev, domain.pack_edge(seq, tree.edge)
    uow.records.add(head)
    uow.published_by_relay()
    return fresh


async def _edge(uow: AuditUnitOfWork, head: ChainHeadRow) -> dict[domain.NodeKey, str]:
    """The tree's right edge at the head: kept on the head row, or read from the nodes."""
    edge = domain.unpack_edge(head.seq, head.edge)
    if edge is None:
        edge = await uow.records.stored(set(domain.root_keys(head.seq)))
    return edge


async def cut_checkpoint(uow: AuditUnitOfWork, log: domain.SignedLog) -> CheckpointRow:
    """The checkpoint of the log as it stands, stored if it is new (records written straight
    into the database, or sealed before checkpoints existed, get theirs on first read)."""
    head = await uow.records.head()
    latest = await uow.records.latest_checkpoint()
    if latest is not None and latest.tree_size >= head.seq:
        return latest
    root = domain.root_hash(head.seq, await _edge(uow, head))
    row = CheckpointRow(tree_size=head.seq, root_hash=root, note=log.note(head.seq, root), created_at=utcnow())
    await uow.records.add_checkpoint(row)
    return row


def _topic_of(event: CloudEvent) -> str:
    """The topic the event arrived on (or, outside a consumer, its type's contract topic)."""
    msg = current_message.get()
    if msg is not None:
        return msg.topic
    model = REGISTRY.get(event.type)
    return model.TOPIC if model is not None else "unknown"


async def sealed_data(
    uow: AuditUnitOfWork, types: tuple[str, ...], subject: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """``(type, data)`` of every sealed event of ``types`` (of one ``subject`` when given), in
    trail order, in one snapshot."""
    await uow.records.snapshot()
    found: list[tuple[str, dict[str, Any]]] = []
    async for batch in uow.records.events_of(types, subject):
        for kind, payload in batch:
            data = orjson.loads(payload).get("data")
            if isinstance(data, dict):
                found.append((kind, data))
    return found


@dataclass(frozen=True)
class Verdict:
    """The chain's report, and the transparency log's: whether the stored tree and the
    latest signed checkpoint agree with the tree recomputed from the payloads."""

    chain: domain.ChainReport
    tree_valid: bool
    checkpoint_valid: bool | None

    @property
    def valid(self) -> bool:
        return self.chain.valid and self.tree_valid and self.checkpoint_valid is not False

    @property
    def records(self) -> int:
        return self.chain.records

    @property
    def head(self) -> str:
        return self.chain.head

    @property
    def first_invalid_seq(self) -> int | None:
        return self.chain.first_invalid_seq

    @property
    def root_hash(self) -> str:
        return self.chain.root


async def walk_chain(uow: AuditUnitOfWork) -> Verdict:
    """Recompute the whole chain from genesis against its recorded head, and the RFC 9162
    tree of its payloads against the stored nodes and the latest checkpoint, in one
    snapshot (call it before anything else reads in ``uow``)."""
    await uow.records.snapshot()
    head = await uow.records.head()
    latest = await uow.records.latest_checkpoint()
    walk = domain.ChainWalk(root_at=latest.tree_size if latest is not None else None)
    async for links in uow.records.whole_chain():
        walk.extend(links)
    report = walk.report(domain.Head(seq=head.seq, hash=head.hash))
    keys = domain.root_keys(report.records)
    stored = await uow.records.stored(set(keys))
    try:
        tree_valid = domain.root_hash(report.records, stored) == report.root
    except KeyError:  # a node the tree of this size needs is missing
        tree_valid = False
    # the right edge kept on the head (which sealing extends) must be the stored one
    kept = domain.unpack_edge(head.seq, head.edge)
    if kept is not None and kept != {k: stored.get(k) for k in keys}:
        tree_valid = False
    checkpoint_valid: bool | None = None
    if latest is not None:
        recomputed = domain.EMPTY_ROOT if latest.tree_size == 0 else report.root_at
        checkpoint_valid = recomputed == latest.root_hash
    return Verdict(report, tree_valid, checkpoint_valid)
