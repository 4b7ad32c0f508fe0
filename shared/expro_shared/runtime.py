"""A service's running parts, built in the app's lifespan (never at import time):
settings, database (migrated on start in development), token verifier, and the
supervised outbox relay and consumers."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, ParamSpec, TypeVar

import structlog
from anyio import to_thread
from fastapi import FastAPI

from expro_shared.auth import TokenVerifier
from expro_shared.consumer import BatchHandler, EnvelopeHandler, EventConsumer
from expro_shared.db import Database, UnitOfWork
from expro_shared.events import dlq_topic
from expro_shared.kafka import GroupMembership, Supervisor
from expro_shared.logs import configure_logging
from expro_shared.migrations import migrate
from expro_shared.outbox import Feed, OutboxRelay
from expro_shared.settings import ServiceSettings

log = structlog.get_logger(__name__)


U = TypeVar("U", bound=UnitOfWork)
P = ParamSpec("P")
R = TypeVar("R")
#: The shortest fetch wait of a consumer no request waits on (``Runtime.consumer(patient=True)``).
PATIENT_FETCH_WAIT_MS = 500


async def off_the_loop(work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``work(*args, **kwargs)`` in a worker thread, for CPU-bound work inside a request (laying
    out a PDF, reading a workbook): on the event loop it would stall every other request of
    the service meanwhile."""
    return await to_thread.run_sync(functools.partial(work, *args, **kwargs))


@dataclass
class Runtime(Generic[U]):
    settings: ServiceSettings
    db: Database
    supervisor: Supervisor
    uow_class: type[U]
    consumers: dict[str, EventConsumer[U]] = field(default_factory=dict)
    #: what the relay publishes besides the outbox (rows that are their own outbox)
    feeds: list[Feed] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def service(self) -> str:
        return self.settings.service_name

    def uow(self, actor: str) -> U:
        """A unit of work of this service acting for ``actor`` (a user's ``sub``, or the
        service name)."""
        return self.uow_class(self.db, source=f"/{self.service}", actor=actor)

    def consumer(
        self,
        name: str,
        topics: Iterable[str],
        after_commit: Callable[[Any], None] | None = None,
        default_handler: EnvelopeHandler[U] | None = None,
        batch_handler: BatchHandler[U] | None = None,
        patient: bool = False,
        own_inbox: bool = False,
    ) -> EventConsumer[U]:
        """Declare a consumer group ``<service>.<name>`` (started with the runtime); route
        its event types with ``.on(Model, handler)``.

        ``patient``: no request waits on this consumer (the audit trail, a projection), so
        the broker may hold its empty fetches at least ``PATIENT_FETCH_WAIT_MS``: on Tansu,
        which always waits a fetch out, an idle consumer's polling costs the broker CPU, and
        only the saga's hops need the short wait (a backlog is fetched at once either way).

        ``own_inbox``: the handlers record each event under a unique constraint on its id and
        skip the ids they hold (``EventConsumer.own_inbox``), so no inbox rows are kept."""
        group = f"{self.service}.{name}"
        fetch_wait = self.settings.consumer_fetch_max_wait_ms
        if patient:
            fetch_wait = max(fetch_wait, PATIENT_FETCH_WAIT_MS)
        c = EventConsumer(
            name=group,
            service=self.service,
            db=self.db,
            new_uow=self.uow,
            bootstrap=self.settings.kafka_bootstrap_servers,
            topics=topics,
            dlq_topic=dlq_topic(self.service),
            max_attempts=self.settings.consumer_max_attempts,
            after_commit=after_commit,
            default_handler=default_handler,
            batch_handler=batch_handler,
            membership=GroupMembership(
                instance_id=self.settings.instance_id,
                session_timeout_ms=self.settings.consumer_session_timeout_ms,
                heartbeat_interval_ms=self.settings.consumer_heartbeat_interval_ms,
                fetch_max_wait_ms=fetch_wait,
            ),
            own_inbox=own_inbox,
        )
        self.consumers[group] = c
        return c


def service_lifespan(
    settings_factory: Callable[[], ServiceSettings],
    migrations: str,
    produces: Iterable[str],
    uow_class: type[U],
    wire: Callable[[Runtime[U]], None],
    kafka: bool = True,
) -> Callable[[FastAPI], Any]:
    """The FastAPI lifespan: configure, migrate, wire, start the relay and consumers.

    ``wire`` declares the service's consumers and extras. ``kafka=False`` serves HTTP on
    the real database without the relay or consumers (outbox rows simply wait).
    """
    produced = list(produces)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings = settings_factory()
        configure_logging(settings.service_name, settings.log_level)
        db = Database(settings.database_url)
        db.crash_after_commit = settings.fault_crash_after_commit
        if settings.migrate_on_start:
            await migrate(db, migrations)
        rt = Runtime(settings=settings, db=db, supervisor=Supervisor(settings.service_name), uow_class=uow_class)
        wire(rt)
        app.state.runtime = rt
        app.state.verifier = TokenVerifier(settings)
        if kafka:
            relay = OutboxRelay(
                db,
                settings.kafka_bootstrap_servers,
                settings.service_name,
                [*produced, dlq_topic(settings.service_name)],
                sweep_seconds=settings.relay_sweep_seconds,
                feeds=rt.feeds,
            )
            rt.supervisor.start("outbox-relay", relay.run)
            for name, consumer in rt.consumers.items():
                rt.supervisor.start(name, consumer.run)
        log.info("service started", database=db.url.split("://")[0], kafka=kafka)
        try:
            yield
        finally:
            await rt.supervisor.stop()
            await db.dispose()
            log.info("service stopped")

    return lifespan
