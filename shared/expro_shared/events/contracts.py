"""One model per event type (DESIGN.md §4): the single source of truth for ``data``.

Types are ``expro.<service>.<event>.v<N>``; a breaking change is a new ``.v2`` class
published beside ``.v1``. ``REGISTRY`` maps each type to its model and topic; the
AsyncAPI document is generated from it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import Money

PROJECT_TOPIC = "expro.project.events"
FUND_TOPIC = "expro.fund.events"
HOUSING_TOPIC = "expro.housing.events"
AUDIT_TOPIC = "expro.audit.sealed"


def dlq_topic(service: str) -> str:
    """Dead-letter topic of a service, e.g. ``expro.fund.dlq`` for ``fund-svc``."""
    return f"expro.{service.removesuffix('-svc')}.dlq"


class LandType(StrEnum):
    """土地类型 / land type."""

    STATE_OWNED = "state_owned"  # 国有土地上房屋征收
    COLLECTIVE = "collective"  # 集体土地征收


class BudgetCategory(StrEnum):
    """专款类别 / earmarked budget category."""

    COMPENSATION = "compensation"  # 征收补偿资金
    WORKING_FUNDS = "working_funds"  # 工作经费
    DEMOLITION = "demolition"  # 房屋拆除费
    REWARD_FUND = "reward_fund"  # 奖励基金
    CONTINGENCY = "contingency"  # 不可预见费
    TEMPORARY_RESETTLEMENT = "temporary_resettlement"  # 临时安置费、过渡费
    RESETTLEMENT_HOUSING = "resettlement_housing"  # 安置房建设资金


class EventData(BaseModel):
    """Base of every event's ``data``. Unknown fields are kept (consumers tolerate additions)."""

    model_config = ConfigDict(extra="allow")

    TYPE: ClassVar[str]
    TOPIC: ClassVar[str]
    SUMMARY: ClassVar[str]

    project_id: str = Field(description="项目标识 / project id")

    def subject(self) -> str:
        return self.project_id


class BudgetItem(BaseModel):
    category: BudgetCategory
    amount: Money


# --- project-svc -------------------------------------------------------------------


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


class TaskOrderIssued(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_issued.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "任务交办书已签发 / a task order was issued"

    task_order_id: str
    issued_at: datetime


class TaskOrderBlocked(EventData):
    TYPE: ClassVar[str] = "expro.project.task_order_blocked.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "任务交办书因预存款不足被阻止 / issuance blocked by a deposit shortfall"

    task_order_id: str
    required: Money
    deposited: Money
    shortfall: Money


# --- fund-svc ----------------------------------------------------------------------


class AccountOpened(EventData):
    TYPE: ClassVar[str] = "expro.fund.account_opened.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "项目专户已开立 / the project's dedicated account was opened"

    owner_unit: str


class DepositRecorded(EventData):
    TYPE: ClassVar[str] = "expro.fund.deposit_recorded.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款已入账 / an owner-unit deposit was recorded"

    deposit_id: str
    amount: Money
    bank_reference: str
    deposited_total: Money


class FundingConfirmed(EventData):
    TYPE: ClassVar[str] = "expro.fund.funding_confirmed.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "资金足额到位 / deposits cover the required deposit"

    task_order_id: str
    required: Money
    deposited: Money


class FundingShortfall(EventData):
    TYPE: ClassVar[str] = "expro.fund.funding_shortfall.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款不足 / deposits fall short of the required deposit"

    task_order_id: str
    required: Money
    deposited: Money
    shortfall: Money


class RefundRecorded(EventData):
    TYPE: ClassVar[str] = "expro.fund.refund_recorded.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款已退回 / part of the deposits was refunded to the owner unit"

    refund_id: str
    amount: Money
    deposited_total: Money
    requested_by: str
    approved_by: str


# --- audit-svc ---------------------------------------------------------------------


class AuditRecordSealed(EventData):
    TYPE: ClassVar[str] = "expro.audit.record_sealed.v1"
    TOPIC: ClassVar[str] = AUDIT_TOPIC
    SUMMARY: ClassVar[str] = "审计记录已封存 / an event was sealed into the audit hash chain"

    seq: int = Field(description="链上序号 / position in the chain")
    event_id: str
    event_type: str
    source: str
    hash: str = Field(description="SHA-256 of prev_hash and the canonical event")
    prev_hash: str


# --- every service ------------------------------------------------------------------


class DeadLettered(EventData):
    """Published on the producing service's ``expro.<service>.dlq`` topic."""

    TYPE: ClassVar[str] = "expro.platform.dead_lettered.v1"
    TOPIC: ClassVar[str] = "expro.<service>.dlq"
    SUMMARY: ClassVar[str] = "事件处理失败已转入死信 / an event failed its handler and was dead-lettered"

    dead_letter_id: str
    consumer: str
    failed_topic: str
    partition: int
    offset: int
    error: str
    original: str = Field(description="原始消息 / the original message as received")


REGISTRY: dict[str, type[EventData]] = {
    cls.TYPE: cls
    for cls in (
        ProjectRegistered,
        BudgetApproved,
        TaskOrderCreated,
        TaskOrderIssuanceRequested,
        TaskOrderIssued,
        TaskOrderBlocked,
        AccountOpened,
        DepositRecorded,
        FundingConfirmed,
        FundingShortfall,
        RefundRecorded,
        AuditRecordSealed,
        DeadLettered,
    )
}
