"""Transactional outbox relay: publishes committed rows in order, then marks them.

What it publishes comes from its feeds: the outbox table (``OutboxFeed``, every service),
and any table whose committed rows are themselves the events to publish, read by a
cursor (audit-svc's chain: one ``record_sealed`` per record, with no outbox row beside it).

Woken right after a commit that wrote events (``Database.outbox_signal``) and by a
periodic sweep. A failed send leaves the rows unpublished (with the error recorded where
the feed keeps one) and raises, so the supervisor restarts the relay with backoff: rows are
never dropped. A crash between send and mark re-sends, which the consumers' inbox makes
harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from expro_shared.db import Database, one_of, utcnow
from expro_shared.events.envelope import CONTENT_TYPE
from expro_shared.kafka import ensure_topics, make_admin, make_producer
from expro_shared.metrics import EVENTS_PUBLISHED
from expro_shared.tables import OutboxRecord

log = structlog.get_logger(__name__)


class TopicsMissing(RuntimeError):
    """The broker does not know a topic the relay must publish to."""


def unpublished(limit: int) -> Any:
    """The oldest rows still to publish, in order, as plain rows of what a send needs (no
    ORM object per row): read through the partial index ``ix_outbox_unpublished``, which
    holds only those, however many were published before."""
    return (
        sa_select(col(OutboxRecord.seq), col(OutboxRecord.topic), col(OutboxRecord.key), col(OutboxRecord.payload))
        .where(col(OutboxRecord.published_at).is_(None))
        .order_by(col(OutboxRecord.seq))
        .limit(limit)
    )


@dataclass(frozen=True)
class Outgoing:
    """One message to send: where, its key, the envelope, and its place in its feed."""

    topic: str
    key: str
    payload: str
    position: int


class Feed(Protocol):
    """A source of committed events for the relay, read in order."""

    #: the most messages one batch takes from this feed
    batch_size: int

    async def pending(self, conn: AsyncConnection, limit: int) -> list[Outgoing]:
        """The oldest ``limit`` events not yet published, in order."""

    async def mark(self, conn: AsyncConnection, sent: Sequence[Outgoing]) -> None:
        """Record ``sent`` (acknowledged by the broker) as published."""

    async def failed(self, conn: AsyncConnection, sent: Sequence[Outgoing], error: str) -> None:
        """Record that sending ``sent`` failed (they stay unpublished)."""

    async def rewind(self, conn: AsyncConnection, since: datetime) -> int:
        """Make what was published after ``since`` unpublished again; how many."""


class OutboxFeed:
    """The outbox table: rows written with the state change that caused them."""

    def __init__(self, dialect: str, batch_size: int = 200) -> None:
        self.dialect = dialect
        self.batch_size = batch_size

    async def pending(self, conn: AsyncConnection, limit: int) -> list[Outgoing]:
        rows = (await conn.execute(unpublished(limit))).all()
        return [Outgoing(r.topic, r.key, r.payload, r.seq) for r in rows]

    async def mark(self, conn: AsyncConnection, sent: Sequence[Outgoing]) -> None:
        await conn.execute(
            update(OutboxRecord)
            .where(one_of(col(OutboxRecord.seq), [m.position for m in sent], self.dialect))
            .values(published_at=utcnow())
        )

    async def failed(self, conn: AsyncConnection, sent: Sequence[Outgoing], error: str) -> None:
        await conn.execute(
            update(OutboxRecord)
            .where(one_of(col(OutboxRecord.seq), [m.position for m in sent], self.dialect))
            .values(attempts=OutboxRecord.attempts + 1, last_error=error[:2000])
        )

    async def rewind(self, conn: AsyncConnection, since: datetime) -> int:
        result = await conn.execute(
            update(OutboxRecord).where(col(OutboxRecord.published_at) > since).values(published_at=None)
        )
        return int(result.rowcount or 0)


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        bootstrap: str,
        service: str,
        topics: Iterable[str],
        sweep_seconds: float = 1.0,
        batch_size: int = 200,
        replay_seconds: float = 600.0,
        feeds: Sequence[Feed] = (),
    ) -> None:
        self.db = db
        self.bootstrap = bootstrap
        self.service = service
        self.topics = list(topics)
        self.sweep_seconds = sweep_seconds
        self.replay_seconds = replay_seconds
        #: the outbox first, then the service's own feeds; one relay sends them all, so a
        #: broker that lost its state is noticed once and every feed is rewound
        self.feeds: list[Feed] = [OutboxFeed(db.dialect, batch_size), *feeds]
        self._known: set[str] = set()
        self._topics_at = -float("inf")

    @property
    def canary(self) -> str:
        """A topic only this service's relay creates: when it is gone, the broker lost its
        state (a memory broker restarted), even if other services re-created the shared
        topics since — and with it whatever this relay sent that nobody had consumed yet."""
        return f"expro.{self.service.removesuffix('-svc')}.relay-canary"

    async def run(self, set_ready: Callable[[bool], None]) -> None:
        producer = make_producer(self.bootstrap, f"{self.service}-relay")
        admin = make_admin(self.bootstrap)
        await producer.start()
        await admin.start()
        try:
            # A relay restarted because the broker went away (a failed send) must not
            # re-create its canary before looking: the broker may have lost what it held.
            if self.canary not in set(await admin.list_topics()):
                await self._republish_recent()
            await ensure_topics(self.bootstrap, [*self.topics, self.canary])
            self._topics_at = -float("inf")
            set_ready(True)
            while True:
                self.db.outbox_signal.clear()
                full = False
                for feed in self.feeds:
                    full |= await self.publish_batch(producer, admin, feed) >= feed.batch_size
                if not full:
                    with contextlib.suppress(TimeoutError):  # the periodic sweep
                        await asyncio.wait_for(self.db.outbox_signal.wait(), self.sweep_seconds)
        finally:
            set_ready(False)
            await producer.stop()
            await admin.close()

    async def _topics(self, admin: AIOKafkaAdminClient, needed: set[str] | None = None) -> set[str]:
        """The broker's topics, asked at most once per sweep (a metadata round trip per batch
        would cost every saga hop); sooner when a batch needs a topic not seen yet. Sends in
        the interval before a lost canary is noticed are covered by the re-send window."""
        now = time.monotonic()
        if now - self._topics_at >= self.sweep_seconds or (needed and not needed <= self._known):
            self._known = set(await admin.list_topics())
            self._topics_at = now
            if self.canary not in self._known:
                await self._republish_recent()
                raise TopicsMissing(f"the broker lost its state ({self.canary} is gone)")
        return self._known

    async def publish_batch(
        self, producer: AIOKafkaProducer, admin: AIOKafkaAdminClient, feed: Feed | None = None
    ) -> int:
        """Send the next batch of ``feed`` (the outbox by default), wait for the broker's
        acknowledgements, then mark it published; how many were sent."""
        feed = feed or self.feeds[0]
        await self._topics(admin)
        async with self.db.engine.connect() as conn:
            rows = await feed.pending(conn, feed.batch_size)
        if not rows:
            return 0
        # A restarted memory broker (Tansu) has lost its topics yet still acknowledges sends
        # to them, and nobody ever sees those messages: check first, and let the supervisor
        # restart the relay, which re-creates the topics. Real Kafka refuses such sends.
        topics = {r.topic for r in rows}
        missing = topics - await self._topics(admin, topics)
        if missing:
            await self._republish_recent()
            raise TopicsMissing(f"topics missing on the broker (restarted?): {sorted(missing)}")
        try:
            futures = [
                await producer.send(
                    row.topic,
                    value=row.payload.encode(),
                    key=row.key.encode(),
                    headers=[("content-type", CONTENT_TYPE.encode())],
                )
                for row in rows
            ]
            await asyncio.gather(*futures)
        except Exception as exc:
            await self._record_failure(feed, rows, exc)
            raise
        async with self.db.engine.begin() as conn:
            await feed.mark(conn, rows)
        for topic in topics:
            EVENTS_PUBLISHED.labels(self.service, topic).inc(sum(1 for r in rows if r.topic == topic))
        return len(rows)

    async def _republish_recent(self) -> None:
        """The broker lost its topics, so it lost what it held too: what it acknowledged
        within ``replay_seconds`` may never have reached its consumers. Send it again, from
        every feed (the consumers' inbox makes a second delivery harmless)."""
        since = utcnow() - timedelta(seconds=self.replay_seconds)
        async with self.db.engine.begin() as conn:
            rewound = [await feed.rewind(conn, since) for feed in self.feeds]
        if any(rewound):
            log.warning("broker lost its topics; re-sending recent events", rows=sum(rewound), since=since.isoformat())

    async def _record_failure(self, feed: Feed, sent: Sequence[Outgoing], exc: Exception) -> None:
        try:
            async with self.db.engine.begin() as conn:
                await feed.failed(conn, sent, f"{type(exc).__name__}: {exc}")
        except Exception:
            log.exception("could not record outbox failure")
