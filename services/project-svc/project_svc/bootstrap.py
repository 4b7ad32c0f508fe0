"""Wiring of project-svc: the app, its unit of work, its consumers and its notifier,
built in the lifespan."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from expro_shared.events import FUND_TOPIC, PROJECT_TOPIC, dlq_topic
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.platform import DeadLettered
from expro_shared.http import create_app as create_service_app
from expro_shared.runtime import Runtime, service_lifespan
from expro_shared.waiting import Notifier
from project_svc.agreements.routes import router as agreements
from project_svc.budgets.routes import router as budgets
from project_svc.config import ProjectSettings
from project_svc.enforcement.routes import router as enforcement
from project_svc.households.routes import router as households
from project_svc.plans.routes import router as plans
from project_svc.preparation.routes import router as preparation
from project_svc.projects.routes import router as projects
from project_svc.site.routes import router as site
from project_svc.task_orders import handlers as task_orders
from project_svc.task_orders.routes import router as task_order_routes
from project_svc.uow import ProjectUnitOfWork
from project_svc.valuation.routes import router as valuation

MIGRATIONS = str(Path(__file__).parent / "migrations")


def wire(rt: Runtime[ProjectUnitOfWork]) -> None:
    notifier = Notifier()
    rt.extras["notifier"] = notifier

    def wake(event: CloudEvent) -> None:
        task_order_id = event.data.get("task_order_id")
        if event.type == DeadLettered.TYPE:
            stranded = task_orders.stranded_saga(str(event.data.get("original", "")))
            task_order_id = stranded.task_order_id if stranded else None
        if task_order_id:
            notifier.notify(task_order_id)

    # The saga's answers, and the dead letters of its messages (fund-svc's and our own).
    (
        rt.consumer("funding-answers", [FUND_TOPIC, dlq_topic("fund-svc"), dlq_topic("project-svc")], after_commit=wake)
        .on(FundingConfirmed, task_orders.on_funding_confirmed)
        .on(FundingShortfall, task_orders.on_funding_shortfall)
        .on(DeadLettered, task_orders.on_saga_message_dead_lettered)
    )


def create_app(kafka: bool = True) -> FastAPI:
    app = create_service_app(
        service="project-svc",
        title="project-svc — 项目任务 / projects and task orders",
        description=(
            "征收项目、预算与任务交办书。任务交办书仅在业主单位预存款足额到位后签发。"
            "征收全流程：风险评估、预公告、补偿方案、征收决定、调查登记、评估、补偿协议与补偿决定、"
            "司法程序、腾房、拆除、腾地与结算。\n\n"
            "Expropriation projects, budgets and task orders. A task order is issued only "
            "when the owner unit's deposits cover the required deposit (decided by fund-svc). "
            "The lifecycle (DESIGN §7.1): each step carries the day it happened and is refused "
            "(409, naming the missing step) until the steps it needs have happened."
        ),
        lifespan=service_lifespan(ProjectSettings, MIGRATIONS, [PROJECT_TOPIC], ProjectUnitOfWork, wire, kafka=kafka),
        tags=[
            {"name": "projects", "description": "征收项目与预算 / projects and budgets"},
            {"name": "task-orders", "description": "任务交办书 / task orders and their issuance saga"},
            {
                "name": "preparation",
                "description": "前期工作 / risk assessment, pre-announcement (collective), expropriation decision",
            },
            {"name": "plans", "description": "征收补偿方案 / compensation plans, comments, hearings, approval"},
            {"name": "households", "description": "被征收户 / households: registration and move-out"},
            {"name": "valuation", "description": "房屋评估 / valuation agency and reports"},
            {"name": "compensation", "description": "补偿 / agreements, compensation decisions, land agreements"},
            {"name": "enforcement", "description": "司法程序 / court enforcement"},
            {"name": "site", "description": "拆除、腾地与结算 / demolition, cleared land, settlement"},
        ],
    )
    for router in (
        projects,
        budgets,
        task_order_routes,
        preparation,
        plans,
        households,
        valuation,
        agreements,
        enforcement,
        site,
    ):
        app.include_router(router)
    return app
