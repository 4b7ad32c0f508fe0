"""Wiring of fund-svc: the app and its consumer of project events, built in the lifespan."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from expro_shared.events.contracts import (
    FUND_TOPIC,
    PROJECT_TOPIC,
    BudgetApproved,
    ProjectRegistered,
    TaskOrderIssuanceRequested,
)
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan
from fund_svc.config import FundSettings
from fund_svc.entrypoints.http import router
from fund_svc.service_layer import handlers

MIGRATIONS = str(Path(__file__).parent / "migrations")


def wire(rt: Runtime) -> None:
    rt.consumer(
        "project-events",
        [PROJECT_TOPIC],
        {
            ProjectRegistered.TYPE: handlers.on_project_registered,
            BudgetApproved.TYPE: handlers.on_budget_approved,
            TaskOrderIssuanceRequested.TYPE: handlers.on_issuance_requested,
        },
    )


def create_app(kafka: bool = True) -> FastAPI:
    app = create_service_app(
        service="fund-svc",
        title="fund-svc — 资金归集、拨付、监管 / escrow accounts and funding",
        description=(
            "项目专户、预存款、退回与资金确认：足额到位、专户存储、专款专用。\n\n"
            "Each project's dedicated escrow account: deposits, refunds (maker-checker), and the "
            "funding decision that lets a task order be issued."
        ),
        lifespan=service_lifespan(FundSettings, MIGRATIONS, [FUND_TOPIC], wire, kafka=kafka),
        tags=[
            {"name": "deposits", "description": "预存款 / owner-unit deposits"},
            {"name": "accounts", "description": "项目专户 / dedicated accounts"},
            {"name": "refunds", "description": "预存款退回 / refunds (maker-checker)"},
        ],
    )
    app.include_router(router)
    return app
