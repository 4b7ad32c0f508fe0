"""Idempotent consumer: handle an event and record ``(consumer, event id)`` in the inbox
in one transaction, then commit the Kafka offset.

A redelivered or replayed event has no second effect; unknown types are skipped; a
handler that still fails after bounded retries sends the event and its error to the
service's dead-letter topic (through the outbox, with a ``dead_letters`` row the operator
can list and replay) and the consumer moves on. Infrastructure failures (the database is
down) propagate instead: the offset stays uncommitted and the supervisor restarts.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import orjson
import structlog
from aiokafka import TopicPartition
from pydantic import ValidationError
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from expro_shared.db import Database, UnitOfWork, execute, insert_rows, one_of, utcnow
from expro_shared.events import EventData
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.platform import DeadLettered
from expro_shared.kafka import GroupMembership, ensure_topics, make_consumer
from expro_shared.metrics import DEAD_LETTERS, EVENTS_CONSUMED
from expro_shared.tables import DeadLetter, InboxRecord
from expro_shared.tracing import child_traceparent, set_traceparent

log = structlog.get_logger(__name__)

U = TypeVar("U", bound=UnitOfWork)
E = TypeVar("E", bound=EventData)
#: Handles one event type: the envelope, its validated data, and the service's unit of work.
Handler = Callable[[CloudEvent, E, U], Awaitable[None]]
#: Handles any event as an envelope (no data model): e.g. the audit trail, which must keep
#: types it does not know and data that does not match its model.
EnvelopeHandler = Callable[[CloudEvent, U], Awaitable[None]]
Bound = Callable[[U], Awaitable[None]]
#: Handles a fetched batch of envelopes in one unit of work (each with the message it came in);
#: a consumer that is its own inbox has it return the events it handled (the rest were duplicates).
BatchHandler = Callable[[list[tuple[CloudEvent, "RawMessage"]], U], Awaitable[Sequence[CloudEvent] | None]]


@dataclass(frozen=True)
class RawMessage:
    topic: str
    partition: int
    offset: int
    value: bytes


#: The message being handled (for handlers that record where an event arrived from).
current_message: ContextVar[RawMessage | None] = ContextVar("current_message", default=None)


def handled_already(consumer: str, event_ids: list[str], dialect: str) -> Any:
    """Which of ``event_ids`` ``consumer`` has handled: one lookup of the inbox's whole key."""
    return sa_select(col(InboxRecord.event_id)).where(
        col(InboxRecord.consumer) == consumer, one_of(col(InboxRecord.event_id), event_ids, dialect)
    )


class EventConsumer(Generic[U]):
    """One consumer group of one service; ``on(Model, handler)`` routes an event type to a
    handler typed for that model. Each event is handled in a fresh unit of work from
    ``new_uow`` that acts for the event's actor."""

    def __init__(
        self,
        *,
        name: str,
        service: str,
        db: Database,
        new_uow: Callable[[str], U],
        bootstrap: str,
        topics: Iterable[str],
        dlq_topic: str,
        max_attempts: int = 3,
        retry_backoff: float = 0.2,
        after_commit: Callable[[CloudEvent], None] | None = None,
        default_handler: EnvelopeHandler[U] | None = None,
        batch_handler: BatchHandler[U] | None = None,
        membership: GroupMembership | None = None,
        own_inbox: bool = False,
    ) -> None:
        self.name = name
        self.service = service
        self.db = db
        self.new_uow = new_uow
        self.bootstrap = bootstrap
        self.topics = list(topics)
        self.handlers: dict[str, tuple[type[EventData], Handler[Any, U]]] = {}
        self.dlq_topic = dlq_topic
        self.max_attempts = max_attempts
        self.retry_backoff = retry_backoff
        self.after_commit = after_commit
        self.default_handler = default_handler
        self.batch_handler = batch_handler
        self.membership = membership
        #: The handlers record each event themselves, under a unique constraint on its id,
        #: and skip the ids they hold (the audit trail: one record per event): the consumer
        #: then writes and reads no inbox rows, which would only repeat that record.
        self.own_inbox = own_inbox
        self.unassigned_timeout = 20.0
        self._skipped = EVENTS_CONSUMED.labels(service, name, "skipped")

    def on(self, model: type[E], handler: Handler[E, U]) -> Self:
        """Handle events of ``model``'s type with ``handler``."""
        self.handlers[model.TYPE] = (model, handler)
        return self

    async def run(self, set_ready: Callable[[bool], None]) -> None:
        await ensure_topics(self.bootstrap, [*self.topics, self.dlq_topic])
        consumer = make_consumer(self.bootstrap, self.name, self.topics, self.membership)
        await consumer.start()
        unassigned_since = time.monotonic()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=200)
                assigned = bool(consumer.assignment())
                set_ready(assigned)
                if assigned:
                    unassigned_since = time.monotonic()
                elif time.monotonic() - unassigned_since > self.unassigned_timeout:
                    # e.g. a restarted memory broker lost the topics: restart to re-create them
                    raise RuntimeError(f"no partitions assigned for {self.unassigned_timeout:.0f} s")
                for tp, messages in batches.items():
                    await self.process_many(
                        [RawMessage(m.topic, m.partition, m.offset, m.value or b"") for m in messages]
                    )
                    # one offset commit per partition and batch: a crash before it redelivers
                    # the batch, which the inbox makes harmless
                    await consumer.commit({TopicPartition(tp.topic, tp.partition): messages[-1].offset + 1})
        finally:
            set_ready(False)
            await consumer.stop()

    def bind(self, event: CloudEvent) -> Bound[U] | None:
        """The handler for ``event`` with its data validated, or None to skip an unknown type.

        Raises ``ValidationError`` when the data does not match the type's model."""
        routed = self.handlers.get(event.type)
        if routed is not None:
            model, handler = routed
            data = model.model_validate(event.data)
            return lambda uow: handler(event, data, uow)
        default = self.default_handler
        if default is not None:
            return lambda uow: default(event, uow)
        return None

    async def process_many(self, msgs: list[RawMessage]) -> None:
        """Handle a fetched batch of one partition, in order. With a ``batch_handler`` the
        whole batch is one unit of work (one transaction, one inbox write); if any message
        in it cannot be parsed, or the batch fails, each is handled on its own instead, with
        the usual retries and dead letters, so one bad event never holds up the others."""
        if self.batch_handler is None or len(msgs) < 2:
            for msg in msgs:
                await self.process(msg)
            return
        try:
            events = [(CloudEvent.model_validate_json(m.value), m) for m in msgs]
        except ValidationError:
            events = []
        if events:
            try:
                await self.handle_batch(events, self.batch_handler)
                return
            except Exception as exc:
                log.warning("batch failed; handling its events one by one", consumer=self.name, error=str(exc))
        for msg in msgs:
            await self.process(msg)

    async def handle_batch(self, events: list[tuple[CloudEvent, RawMessage]], handler: BatchHandler[U]) -> None:
        """Run ``handler`` once over the events this consumer has not handled yet, atomically
        with their inbox rows (its own inbox: over them all, the handler skipping the ids it
        holds and returning the events it handled)."""
        async with self.new_uow(self.service) as uow:
            handled: Sequence[CloudEvent]
            if self.own_inbox:
                handled = await handler(events, uow) or []
                if handled:  # a batch of duplicates (a replay) commits nothing
                    await uow.commit()
            else:
                ids = [e.id for e, _ in events]
                done = set((await execute(uow.session, handled_already(self.name, ids, self.db.dialect))).scalars())
                fresh: list[tuple[CloudEvent, RawMessage]] = []
                for event, msg in events:
                    if event.id not in done:
                        done.add(event.id)
                        fresh.append((event, msg))
                handled = [e for e, _ in fresh]
                if fresh:  # a batch of duplicates (a replay) writes and commits nothing
                    await handler(fresh, uow)
                    await self._record_handled(uow, handled)
                    await uow.commit()
        EVENTS_CONSUMED.labels(self.service, self.name, "duplicate").inc(len(events) - len(handled))
        EVENTS_CONSUMED.labels(self.service, self.name, "handled").inc(len(handled))
        if self.after_commit is not None:
            for event in handled:
                self.after_commit(event)

    def not_mine(self, value: bytes) -> bool:
        """Whether the message is an event of a type this consumer has no handler for, seen
        without building its envelope: on a shared topic most messages are other consumers'
        business (fund-svc's deliveries consumer reads every housing event for one type).
        Anything that is not a JSON object with a string ``type`` takes the full path, which
        dead-letters what is not a CloudEvent; an unhandled type is skipped whole, even a
        malformed one (the audit trail, which handles every type, keeps or dead-letters it)."""
        if self.default_handler is not None:
            return False
        try:
            kind = orjson.loads(value).get("type")
        except (orjson.JSONDecodeError, AttributeError):
            return False
        return isinstance(kind, str) and kind not in self.handlers

    async def process(self, msg: RawMessage) -> None:
        """Handle one message: parse, dispatch with retries, dead-letter what keeps failing."""
        current_message.set(msg)
        if self.not_mine(msg.value):
            self._skipped.inc()
            return
        try:
            event = CloudEvent.model_validate_json(msg.value)
        except ValidationError as exc:
            await self.dead_letter(msg, None, f"not a CloudEvent: {exc}")
            return
        set_traceparent(child_traceparent(event.traceparent))
        try:
            bound = self.bind(event)
        except ValidationError as exc:
            await self.dead_letter(msg, event, f"data does not match {event.type}: {exc}")
            return
        if bound is None:
            self._skipped.inc()
            return
        error: Exception | None = None
        for attempt in range(self.max_attempts):
            try:
                await self.handle(event, bound)
                return
            except Exception as exc:
                error = exc
                log.warning(
                    "handler failed",
                    consumer=self.name,
                    event_id=event.id,
                    event_type=event.type,
                    attempt=attempt + 1,
                    error=str(exc),
                    exc_info=True,
                )
                await asyncio.sleep(self.retry_backoff * 2**attempt)
        await self.dead_letter(msg, event, f"{type(error).__name__}: {error}")

    async def handle(self, event: CloudEvent, bound: Bound[U]) -> None:
        """Run the bound handler once per (consumer, event id), atomically with the inbox row
        (its own inbox: the handler's own record of the event)."""
        try:
            async with self.new_uow(event.actor) as uow:
                if not self.own_inbox and await uow.session.get(InboxRecord, (self.name, event.id)) is not None:
                    EVENTS_CONSUMED.labels(self.service, self.name, "duplicate").inc()
                    return
                await bound(uow)
                if not self.own_inbox:
                    await self._record_handled(uow, [event])
                await uow.commit()
        except IntegrityError:
            # Handled concurrently by another instance of this consumer: not a second effect
            # (its own inbox: the retry finds the event recorded and skips it).
            if self.own_inbox:
                raise
            async with self.db.sessionmaker() as session:
                if await session.get(InboxRecord, (self.name, event.id)) is not None:
                    EVENTS_CONSUMED.labels(self.service, self.name, "duplicate").inc()
                    return
            raise
        EVENTS_CONSUMED.labels(self.service, self.name, "handled").inc()
        if self.after_commit is not None:
            self.after_commit(event)

    async def _record_handled(self, uow: U, events: list[CloudEvent]) -> None:
        """The inbox rows of ``events``, one multi-row INSERT in the handler's transaction:
        their presence makes a redelivery a no-op (a concurrent twin collides on the key)."""
        now = utcnow()
        rows = [{"consumer": self.name, "event_id": e.id, "event_type": e.type, "processed_at": now} for e in events]
        await insert_rows(uow.session, InboxRecord.__table__, rows)  # type: ignore[attr-defined]

    async def dead_letter(self, msg: RawMessage, event: CloudEvent | None, error: str) -> None:
        log.error("event dead-lettered", consumer=self.name, topic=msg.topic, offset=msg.offset, error=error)
        payload = msg.value.decode("utf-8", errors="replace")
        async with self.new_uow(self.service) as uow:
            letter = DeadLetter(
                id=str(uuid.uuid4()),
                consumer=self.name,
                topic=msg.topic,
                partition=msg.partition,
                offset=msg.offset,
                event_id=event.id if event else None,
                event_type=event.type if event else None,
                payload=payload,
                error=error[:4000],
                failed_at=utcnow(),
            )
            uow.session.add(letter)
            uow.emit(_dead_letter_data(letter, event), causation=event, topic=self.dlq_topic)
            await uow.commit()
        DEAD_LETTERS.labels(self.service, self.name).inc()

    async def replay(self, letter: DeadLetter) -> None:
        """Operator replay of a dead letter through the same idempotent path."""
        current_message.set(RawMessage(letter.topic, letter.partition, letter.offset, letter.payload.encode()))
        event = CloudEvent.model_validate_json(letter.payload)
        bound = self.bind(event)
        if bound is None:
            raise ValueError(f"no handler for {event.type}")
        await self.handle(event, bound)


def _dead_letter_data(letter: DeadLetter, cause: CloudEvent | None) -> DeadLettered:
    """The dead-letter record as event data (type ``expro.platform.dead_lettered.v1``)."""
    return DeadLettered(
        project_id=cause.subject if cause else "unknown",
        dead_letter_id=letter.id,
        consumer=letter.consumer,
        failed_topic=letter.topic,
        partition=letter.partition,
        offset=letter.offset,
        error=letter.error,
        original=letter.payload,
    )
