"""Events published by project-svc on ``expro.project.events``."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, Field

from expro_shared.events.base import PROJECT_TOPIC, EventData, saga_id_field
from expro_shared.vocabulary import BudgetCategory, LandType, Money


class BudgetItem(BaseModel):
    category: BudgetCategory
    amount: Money


class ProjectRegistered(EventData):
    TYPE: ClassVar[str] = "expro.project.project_registered.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "项目已登记 / an expropriation project was registered"

    code: str
    name: str
    land_type: LandType
    district: str
    owner_unit: str
    planned_households: int
    planned_area_m2: str


class BudgetApproved(EventData):
    TYPE: ClassVar[str] = "expro.project.budget_approved.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "预算已批准 / a project's budget and required deposit were approved"

    owner_unit: str
    land_type: LandType
    required_deposit: Money
    items: list[BudgetItem]


class TaskOrderCreated(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_created.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "任务交办书已起草 / a task order was drafted"

    task_order_id: str
    title: str
    due_date: date


class TaskOrderIssuanceRequested(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_issuance_requested.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "请求签发任务交办书 / issuing a task order was requested"

    task_order_id: str
    required_deposit: Money
    saga_id: str | None = saga_id_field()


class TaskOrderIssued(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_issued.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "任务交办书已签发 / a task order was issued"

    task_order_id: str
    issued_at: datetime
    saga_id: str | None = saga_id_field()


class TaskOrderBlocked(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_blocked.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "任务交办书因预存款不足被阻止 / issuance blocked by a deposit shortfall"

    task_order_id: str
    required: Money
    deposited: Money
    shortfall: Money
    saga_id: str | None = saga_id_field()


class TaskOrderIssuanceFailed(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_issuance_failed.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = (
        "任务交办书签发流程失败（流程事件进入死信）/ issuance failed: a saga message was dead-lettered"
    )

    task_order_id: str
    reason: str = Field(description="失败原因 / the consumer and error of the dead letter")
    saga_id: str | None = saga_id_field()
