"""Transactional outbox relay: publishes committed outbox rows in order, then marks them.

Woken right after a commit that wrote events (``Database.outbox_signal``) and by a
periodic sweep. A failed send leaves the rows unpublished (with the error recorded) and
raises, so the supervisor restarts the relay with backoff: rows are never dropped. A crash
between send and mark re-sends, which the consumers' inbox makes harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import select as sa_select
from sqlalchemy import update
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
    ) -> None:
        self.db = db
        self.bootstrap = bootstrap
        self.service = service
        self.topics = list(topics)
        self.sweep_seconds = sweep_seconds
        self.batch_size = batch_size
        self.replay_seconds = replay_seconds
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
                sent = await self.publish_batch(producer, admin)
                if sent < self.batch_size:
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

    async def publish_batch(self, producer: AIOKafkaProducer, admin: AIOKafkaAdminClient) -> int:
        await self._topics(admin)
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(unpublished(self.batch_size))).all()
        if not rows:
            return 0
        # A restarted memory broker (Tansu) has lost its topics yet still acknowledges sends
        # to them, and nobody ever sees those messages: check first, and let the supervisor
        # restart the relay, which re-creates the topics. Real Kafka refuses such sends.
        missing = {r.topic for r in rows} - await self._topics(admin, {r.topic for r in rows})
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
            await self._record_failure([r.seq for r in rows if r.seq is not None], exc)
            raise
        async with self.db.engine.begin() as conn:
            await conn.execute(
                update(OutboxRecord)
                .where(one_of(col(OutboxRecord.seq), [r.seq for r in rows], self.db.dialect))
                .values(published_at=utcnow())
            )
        for row in rows:
            EVENTS_PUBLISHED.labels(self.service, row.topic).inc()
        return len(rows)

    async def _republish_recent(self) -> None:
        """The broker lost its topics, so it lost what it held too: rows it acknowledged
        within ``replay_seconds`` may never have reached their consumers. Send them again
        (the consumers' inbox makes a second delivery harmless)."""
        since = utcnow() - timedelta(seconds=self.replay_seconds)
        async with self.db.engine.begin() as conn:
            result = await conn.execute(
                update(OutboxRecord).where(col(OutboxRecord.published_at) > since).values(published_at=None)
            )
        if result.rowcount:
            log.warning(
                "broker lost its topics; re-sending recent events", rows=result.rowcount, since=since.isoformat()
            )

    async def _record_failure(self, seqs: list[int], exc: Exception) -> None:
        try:
            async with self.db.engine.begin() as conn:
                await conn.execute(
                    update(OutboxRecord)
                    .where(one_of(col(OutboxRecord.seq), seqs, self.db.dialect))
                    .values(
                        attempts=OutboxRecord.attempts + 1,
                        last_error=f"{type(exc).__name__}: {exc}"[:2000],
                    )
                )
        except Exception:
            log.exception("could not record outbox failure")
