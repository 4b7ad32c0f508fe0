"""Wiring of audit-svc: the app, its unit of work and its one consumer of every event,
built in the lifespan."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from audit_svc.config import AuditSettings
from audit_svc.dashboard.handlers import SurveyCache
from audit_svc.dashboard.routes import router as dashboard_routes
from audit_svc.disclosure.routes import router as disclosure_routes
from audit_svc.proofs.routes import router as proof_routes
from audit_svc.reports.routes import router as report_routes
from audit_svc.trail import handlers as trail
from audit_svc.trail.domain import SignedLog
from audit_svc.trail.publication import ChainFeed
from audit_svc.trail.routes import router as trail_routes
from audit_svc.uow import AuditUnitOfWork
from audit_svc.verification.routes import router as verification_routes
from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, PROJECT_TOPIC
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan

MIGRATIONS = str(Path(__file__).parent / "migrations")
TRAIL_TOPICS = [PROJECT_TOPIC, FUND_TOPIC, HOUSING_TOPIC]


def wire(rt: Runtime[AuditUnitOfWork]) -> None:
    settings = rt.settings
    assert isinstance(settings, AuditSettings)
    log = SignedLog(settings.checkpoint_origin, settings.note_signer())
    rt.extras["log"] = log
    rt.extras["dashboard"] = SurveyCache(settings.dashboard_refresh_seconds)
    sealer = trail.Sealer(log)
    # Every event on the trail topics is sealed as an envelope, whatever its type or data:
    # types added later and data that fails its model are kept too. A fetched batch is sealed
    # in one transaction (one by one if the batch fails). The records are the trail's inbox:
    # each holds its event's id under a unique constraint and sealing skips the ids held.
    rt.consumer(
        "trail",
        TRAIL_TOPICS,
        default_handler=sealer.seal_event,
        batch_handler=sealer.seal_batch,
        patient=True,
        own_inbox=True,
    )
    # The records are the outbox of their record_sealed events: the relay builds each from
    # its record and sends them in chain order (no outbox row per record).
    rt.feeds.append(ChainFeed(f"/{rt.service}"))


def create_app(kafka: bool = True) -> FastAPI:
    app = create_service_app(
        service="audit-svc",
        title="audit-svc — 审计留痕 / audit trail",
        description=(
            "审计留痕：项目、资金、安置房源的每一个事件按到达顺序封存进 SHA-256 哈希链，可查询、可校验；"
            "每次封存发布到 `expro.audit.sealed` 供看板使用。\n\n"
            "The tamper-evident audit trail: every project, fund and housing event is sealed, in "
            "arrival order, into a SHA-256 hash chain that can be queried and verified; each seal is "
            "published on `expro.audit.sealed` for dashboards."
        ),
        lifespan=service_lifespan(AuditSettings, MIGRATIONS, [AUDIT_TOPIC], AuditUnitOfWork, wire, kafka=kafka),
        tags=[
            {"name": "audit", "description": "审计记录与哈希链校验 / audit records and chain verification"},
        ],
    )
    for router in (
        trail_routes,
        verification_routes,
        proof_routes,
        report_routes,
        disclosure_routes,
        dashboard_routes,
    ):
        app.include_router(router)
    return app
