"""Wiring of fund-svc: the app, its unit of work and its consumer of project events, built
in the lifespan."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from expro_shared.events import FUND_TOPIC, PROJECT_TOPIC
from expro_shared.events.project import BudgetApproved, ProjectRegistered, TaskOrderIssuanceRequested
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan
from fund_svc.config import FundSettings
from fund_svc.deposits.routes import router as deposits
from fund_svc.disbursements.routes import router as disbursements
from fund_svc.funding import handlers as funding
from fund_svc.ledger import handlers as ledger
from fund_svc.ledger.routes import router as accounts
from fund_svc.refunds.routes import router as refunds
from fund_svc.uow import FundUnitOfWork

MIGRATIONS = str(Path(__file__).parent / "migrations")


def wire(rt: Runtime[FundUnitOfWork]) -> None:
    (
        rt.consumer("project-events", [PROJECT_TOPIC])
        .on(ProjectRegistered, ledger.on_project_registered)
        .on(BudgetApproved, ledger.on_budget_approved)
        .on(TaskOrderIssuanceRequested, funding.on_issuance_requested)
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
        lifespan=service_lifespan(FundSettings, MIGRATIONS, [FUND_TOPIC], FundUnitOfWork, wire, kafka=kafka),
        tags=[
            {"name": "deposits", "description": "预存款 / owner-unit deposits"},
            {"name": "accounts", "description": "项目专户 / dedicated accounts"},
            {"name": "refunds", "description": "预存款退回 / refunds (maker-checker)"},
            {"name": "disbursements", "description": "拨付 / disbursements: request → review (→ approval) → pay"},
        ],
    )
    for router in (deposits, accounts, refunds, disbursements):
        app.include_router(router)
    return app
