"""Wiring of fund-svc: the app, its unit of work and its consumer of project events, built
in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from expro_shared.events import FUND_TOPIC, HOUSING_TOPIC, PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.housing import UnitDelivered
from expro_shared.events.project import (
    AgreementSigned,
    BudgetApproved,
    CompensationDecisionMade,
    HouseholdMovedOut,
    ProjectRegistered,
    SettlementRequested,
    TaskOrderIssuanceRequested,
)
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan
from fund_svc.config import FundSettings
from fund_svc.deposits.routes import router as deposits
from fund_svc.disbursements.routes import router as disbursements
from fund_svc.funding import handlers as funding
from fund_svc.ledger import handlers as ledger
from fund_svc.ledger.routes import router as accounts
from fund_svc.payables import handlers as payables
from fund_svc.payables.routes import router as payables_routes
from fund_svc.refunds.routes import router as refunds
from fund_svc.settlement import handlers as settlement
from fund_svc.settlement.routes import router as settlement_routes
from fund_svc.statements.routes import router as statements
from fund_svc.transition_fees import handlers as transitions
from fund_svc.transition_fees.routes import router as transition_fees
from fund_svc.uow import FundUnitOfWork

MIGRATIONS = str(Path(__file__).parent / "migrations")


async def on_agreement_signed(event: CloudEvent, data: AgreementSigned, uow: FundUnitOfWork) -> None:
    """An agreement is a payable, and says how its household is resettled (transition fees)."""
    await payables.on_agreement_signed(event, data, uow)
    await transitions.on_agreement_signed(event, data, uow)


async def on_compensation_decision_made(event: CloudEvent, data: CompensationDecisionMade, uow: FundUnitOfWork) -> None:
    """A compensation decision is a payable, and gives its household's area."""
    await payables.on_compensation_decision_made(event, data, uow)
    await transitions.on_compensation_decision_made(event, data, uow)


def wire(rt: Runtime[FundUnitOfWork]) -> None:
    (
        rt.consumer("project-events", [PROJECT_TOPIC])
        .on(ProjectRegistered, ledger.on_project_registered)
        .on(BudgetApproved, ledger.on_budget_approved)
        .on(TaskOrderIssuanceRequested, funding.on_issuance_requested)
        .on(AgreementSigned, on_agreement_signed)
        .on(CompensationDecisionMade, on_compensation_decision_made)
        .on(HouseholdMovedOut, transitions.on_household_moved_out)
        .on(SettlementRequested, settlement.on_settlement_requested)
    )
    # Deliveries end transition periods; no request waits on them, so this consumer lets the
    # broker hold its fetches longer. In the saga's consumer above, the housing topic made
    # the idle broker poll 1.5 % of a core more (measured on the embedded Tansu).
    rt.consumer("housing-events", [HOUSING_TOPIC], patient=True).on(UnitDelivered, transitions.on_unit_delivered)


def create_app(kafka: bool = True) -> FastAPI:
    base = service_lifespan(FundSettings, MIGRATIONS, [FUND_TOPIC], FundUnitOfWork, wire, kafka=kafka)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """The shared lifespan, plus the overdue-payables sweep beside the relay and consumers."""
        async with base(app):
            rt: Runtime[FundUnitOfWork] = app.state.runtime
            settings = rt.settings
            assert isinstance(settings, FundSettings)
            if kafka and settings.overdue_sweep_seconds > 0:
                sweeper = payables.overdue_sweeper(lambda: rt.uow(rt.service), settings.overdue_sweep_seconds)
                rt.supervisor.start("overdue-sweep", sweeper)
            yield

    app = create_service_app(
        service="fund-svc",
        title="fund-svc — 资金归集、拨付、监管 / escrow accounts and funding",
        description=(
            "项目专户、预存款、退回与资金确认：足额到位、专户存储、专款专用。\n\n"
            "Each project's dedicated escrow account: deposits, refunds (maker-checker), and the "
            "funding decision that lets a task order be issued."
        ),
        lifespan=lifespan,
        tags=[
            {"name": "deposits", "description": "预存款 / owner-unit deposits"},
            {"name": "accounts", "description": "项目专户 / dedicated accounts"},
            {"name": "refunds", "description": "预存款退回 / refunds (maker-checker)"},
            {"name": "payables", "description": "应付款 / payables from agreements and compensation decisions"},
            {"name": "transition-fees", "description": "过渡费 / transition fees: policy and monthly run"},
            {"name": "statements", "description": "对账单 / statements (JSON, CSV, PDF)"},
            {"name": "settlement", "description": "结算 / settlement: remainder refunded, account closed"},
            {"name": "disbursements", "description": "拨付 / disbursements: request → review (→ approval) → pay"},
        ],
    )
    for router in (
        deposits,
        accounts,
        refunds,
        disbursements,
        payables_routes,
        transition_fees,
        statements,
        settlement_routes,
    ):
        app.include_router(router)
    return app
