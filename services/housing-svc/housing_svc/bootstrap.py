"""Wiring of housing-svc: the app, its unit of work and its consumer, built in the lifespan."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from expro_shared.events import HOUSING_TOPIC, PROJECT_TOPIC
from expro_shared.events.project import AgreementSigned, BudgetApproved, ProjectRegistered
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan
from housing_svc.config import HousingSettings
from housing_svc.eligibilities import handlers as eligibilities
from housing_svc.eligibilities.routes import router as eligibility_routes
from housing_svc.projects import handlers as projects
from housing_svc.projects.routes import router as project_routes
from housing_svc.selection.routes import router as selection_routes
from housing_svc.statistics.routes import router as statistics_routes
from housing_svc.units.routes import router as unit_routes
from housing_svc.uow import HousingUnitOfWork

MIGRATIONS = str(Path(__file__).parent / "migrations")


def wire(rt: Runtime[HousingUnitOfWork]) -> None:
    (
        rt.consumer("projects", [PROJECT_TOPIC], patient=True)
        .on(ProjectRegistered, projects.on_project_registered)
        .on(BudgetApproved, projects.on_budget_approved)
        .on(AgreementSigned, eligibilities.on_agreement_signed)
    )


def create_app(kafka: bool = True) -> FastAPI:
    app = create_service_app(
        service="housing-svc",
        title="housing-svc — 安置房源 / resettlement housing",
        description=(
            "安置房源导入、安置资格（产权调换）、选房（可验证摇号）、分配与差价、交房与统计；"
            "并维护征收项目的投影（登记信息、应预存金额、安置房建设资金预算）。\n\n"
            "Resettlement housing: the stock (CSV/XLSX import), eligibility from property-exchange "
            "agreements (reviewed by the district on collective land), selection rounds with a "
            "verifiable commit-reveal lottery, allocation with its price difference, delivery, and "
            "statistics; over a projection of project-svc's projects."
        ),
        lifespan=service_lifespan(HousingSettings, MIGRATIONS, [HOUSING_TOPIC], HousingUnitOfWork, wire, kafka=kafka),
        tags=[
            {"name": "projects", "description": "征收项目（投影）/ projects, projected from project-svc"},
            {"name": "units", "description": "安置房源 / the resettlement housing stock, and delivery"},
            {"name": "eligibilities", "description": "安置资格 / households' eligibility (property exchange)"},
            {
                "name": "selection",
                "description": "选房（摇号）、分配与差价 / selection rounds, lottery, allocation, price difference",
            },
            {"name": "statistics", "description": "安置房统计 / housing statistics, by business dates"},
        ],
    )
    for router in (project_routes, unit_routes, eligibility_routes, selection_routes, statistics_routes):
        app.include_router(router)
    return app
