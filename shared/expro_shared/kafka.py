"""aiokafka clients configured for both Apache Kafka and the embedded Tansu broker,
and the supervisor that keeps every long-running Kafka task alive.

Tansu facts (docs/design.md): no idempotent producer, a waiting fetch is not woken by new
data (hence a short fetch wait on the embedded stack), group joins need
``request_timeout_ms`` ≥ 10000, a broker restart loses topics and offsets, and a metadata
request that names a missing topic creates it with the broker's default partition count
unless the client says not to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import aiokafka.admin.client
import aiokafka.client
import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.protocol.metadata import MetadataRequest

from expro_shared.metrics import SUPERVISED_RESTARTS

log = structlog.get_logger(__name__)

REQUEST_TIMEOUT_MS = 15000
PARTITIONS = 3  # per topic; the README's scaling section says why


class _MetadataRequestWithoutTopicCreation(MetadataRequest):  # type: ignore[misc]
    """A metadata request that never creates the topics it names.

    aiokafka always asks the broker to auto-create (it has no equivalent of the Java
    client's ``allow.auto.create.topics=false``). After a memory broker restarts, a
    consumer's metadata refresh would then re-create a topic with the broker's default
    partition count (4 on Tansu) before the relay re-creates it with ours (3): producers
    and consumers that still hold the old metadata disagree on the partitions, and events
    keyed to the new partition sit unread. Topics are created by ``ensure_topics`` only."""

    def __init__(self, topics: list[str] | None = None, allow_auto_topic_creation: bool | None = False) -> None:
        super().__init__(topics, allow_auto_topic_creation)


# Every aiokafka client in these services (consumer, producer, admin) builds its metadata
# requests through these two names; tests/broker pins the behaviour on the real broker.
aiokafka.client.MetadataRequest = _MetadataRequestWithoutTopicCreation  # type: ignore[misc]
aiokafka.admin.client.MetadataRequest = _MetadataRequestWithoutTopicCreation  # type: ignore[misc]


def make_producer(bootstrap: str, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        request_timeout_ms=REQUEST_TIMEOUT_MS,
        linger_ms=0,
    )


@dataclass(frozen=True)
class GroupMembership:
    """How a consumer holds its place in its group.

    ``session_timeout_ms`` bounds how long a silent (crashed) member keeps its partitions,
    and so how long a restarted service waits before it is assigned again. Measured on the
    embedded Tansu, from start to assignment: a new group forms in about half the session
    timeout, and after a SIGKILLed member in 2 s (3 s timeout), 8 s (4 s) or 11–20 s (6–10 s).
    ``instance_id`` makes the membership static (KIP-345; about 6 s on Tansu whatever the
    timeout): worth it where replicas keep stable names; two live processes with one id
    fence each other."""

    instance_id: str | None = None
    session_timeout_ms: int = 10000
    heartbeat_interval_ms: int = 1000
    #: not membership, but set from the same settings: see ``consumer_fetch_max_wait_ms``
    fetch_max_wait_ms: int = 500


#: The most messages one fetch hands over (getmany): a backlog (a burst, a replay from offset
#: 0) is worked through in batches of this size, each one unit of work and one offset commit.
#: Larger batches seal faster (100 → 500: make bench's audit ingest 3,164 → 4,946 events/s on
#: SQLite, 2,875 → 4,397 on PostgreSQL) at a transient cost of about 20 KB per event in a batch.
MAX_BATCH = 500


def make_consumer(
    bootstrap: str, group_id: str, topics: Iterable[str], membership: GroupMembership | None = None
) -> AIOKafkaConsumer:
    m = membership or GroupMembership()
    return AIOKafkaConsumer(
        *topics,
        group_instance_id=f"{group_id}@{m.instance_id}" if m.instance_id else None,
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=m.fetch_max_wait_ms,
        request_timeout_ms=REQUEST_TIMEOUT_MS,
        session_timeout_ms=m.session_timeout_ms,
        heartbeat_interval_ms=m.heartbeat_interval_ms,
        max_poll_records=MAX_BATCH,
    )


def make_admin(bootstrap: str) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=REQUEST_TIMEOUT_MS)


async def ensure_topics(bootstrap: str, topics: Iterable[str], partitions: int = PARTITIONS) -> None:
    """Create missing topics (idempotent: existing ones are left alone)."""
    admin = make_admin(bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if missing:
            await admin.create_topics([NewTopic(t, partitions, 1) for t in missing])
            log.info("topics created", topics=missing)
    finally:
        await admin.close()


@dataclass
class TaskState:
    ready: bool = False
    restarts: int = 0
    last_error: str | None = None


@dataclass
class Supervisor:
    """Runs named tasks forever, restarting each with exponential backoff when it fails.

    A task reports readiness through the callback it is given; ``/readyz`` reads ``states``.
    """

    service: str
    initial_backoff: float = 0.2
    max_backoff: float = 10.0
    states: dict[str, TaskState] = field(default_factory=dict)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self, name: str, run: Callable[[Callable[[bool], None]], Awaitable[None]]) -> None:
        state = self.states.setdefault(name, TaskState())

        def set_ready(value: bool) -> None:
            state.ready = value

        async def loop() -> None:
            backoff = self.initial_backoff
            while True:
                try:
                    await run(set_ready)
                    state.ready = False
                    backoff = self.initial_backoff
                    log.warning("supervised task returned; restarting", task=name)
                except asyncio.CancelledError:
                    state.ready = False
                    raise
                except Exception as exc:  # restarted, never swallowed: logged with trace
                    state.ready = False
                    state.restarts += 1
                    state.last_error = f"{type(exc).__name__}: {exc}"
                    SUPERVISED_RESTARTS.labels(self.service, name).inc()
                    log.warning(
                        "supervised task failed; restarting",
                        task=name,
                        error=state.last_error,
                        backoff=backoff,
                        exc_info=True,
                    )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)

        self._tasks.append(asyncio.create_task(loop(), name=f"{self.service}:{name}"))

    def ready(self) -> bool:
        return all(s.ready for s in self.states.values())

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
