"""Events published by project-svc on ``expro.project.events``."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, Field

from expro_shared.events.base import PROJECT_TOPIC, EventData, saga_id_field
from expro_shared.vocabulary import AgreementKind, BudgetCategory, CompensationItemKind, LandType, Money


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


# --- DESIGN §7.1: the lifecycle. Every event names its project (``project_id``); dates are
# business dates (the day the step happened, Asia/Shanghai), areas 2-decimal strings.


class CompensationItem(BaseModel):
    """One item of an agreement or a compensation decision."""

    item: CompensationItemKind
    amount: Money


class RiskAssessmentRecorded(EventData):
    TYPE: ClassVar[str] = "expro.project.risk_assessment_recorded.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "社会稳定风险评估已记录 / a social-stability risk assessment was recorded"

    risk_assessment_id: str
    level: str = Field(description="low | medium | high")
    assessed_on: date
    summary: str


class PreAnnouncementPublished(EventData):
    TYPE: ClassVar[str] = "expro.project.pre_announcement_published.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征收预公告已发布（集体土地）/ the pre-announcement was published (collective land)"

    pre_announcement_id: str
    published_on: date
    scope: str
    survey_until: date


class CompensationPlanDrafted(EventData):
    TYPE: ClassVar[str] = "expro.project.compensation_plan_drafted.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征收补偿方案已拟定 / a compensation plan was drafted"

    plan_id: str
    title: str
    summary: str
    standards: list[dict[str, str]] = Field(description="[{item, rule}]")


class CompensationPlanPublished(EventData):
    TYPE: ClassVar[str] = "expro.project.compensation_plan_published.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征收补偿方案已公布征求意见 / a compensation plan was published for comment"

    plan_id: str
    comment_from: date
    comment_until: date


class PlanCommentSubmitted(EventData):
    TYPE: ClassVar[str] = "expro.project.plan_comment_submitted.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征求意见已收到 / a comment on a compensation plan was submitted"

    comment_id: str
    plan_id: str
    agrees: bool
    submitted_on: date


class HearingRecorded(EventData):
    TYPE: ClassVar[str] = "expro.project.hearing_recorded.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "听证会已记录 / a hearing on a compensation plan was recorded"

    hearing_id: str
    plan_id: str
    held_on: date
    summary: str


class CompensationPlanApproved(EventData):
    TYPE: ClassVar[str] = "expro.project.compensation_plan_approved.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征收补偿方案已批准 / a compensation plan was approved"

    plan_id: str
    approved_on: date
    changes: str
    standards: list[dict[str, str]] = Field(description="the approved standards [{item, rule}]")


class ExpropriationDecisionRecorded(EventData):
    TYPE: ClassVar[str] = "expro.project.expropriation_decision_recorded.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "征收决定已作出并公告 / the expropriation decision was made and announced"

    decision_id: str
    document_no: str
    decided_on: date
    announced_on: date


class HouseholdRegistered(EventData):
    TYPE: ClassVar[str] = "expro.project.household_registered.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "被征收户已调查登记 / a household was surveyed and registered"

    household_id: str
    head_name: str = Field(description="户主姓名（公开时打码）/ head of household (masked when disclosed)")
    id_number: str = Field(description="身份证号（公开时打码）/ id number (masked when disclosed)")
    address: str
    members: int
    registered_area_m2: str
    unregistered: list[dict[str, str]] = Field(description="[{area_m2, classification}]")


class ValuationAgencySelected(EventData):
    TYPE: ClassVar[str] = "expro.project.valuation_agency_selected.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "房地产价格评估机构已选定 / the valuation agency was selected"

    selection_id: str
    method: str = Field(description="vote | lottery | negotiation")
    candidates: list[str]
    selected: str
    selected_on: date


class ValuationReportFiled(EventData):
    TYPE: ClassVar[str] = "expro.project.valuation_report_filed.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "评估报告已送达 / a household's valuation report was filed"

    valuation_report_id: str
    household_id: str
    agency: str
    value: Money
    value_date: date
    filed_on: date


class AgreementSigned(EventData):
    TYPE: ClassVar[str] = "expro.project.agreement_signed.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "补偿协议已签订 / a household signed its compensation agreement"

    agreement_id: str
    household_id: str
    kind: AgreementKind
    area_m2: str
    items: list[CompensationItem]
    total: Money
    signed_on: date
    payment_due_on: date
    move_out_deadline: date
    entitled_area_m2: str | None = Field(None, description="产权调换应安置面积 / property exchange only")
    promised_delivery_on: date | None = Field(None, description="承诺交房日期 / property exchange only")
    members: int = Field(description="家庭人口 / the household's members")


class LandAgreementSigned(EventData):
    TYPE: ClassVar[str] = "expro.project.land_agreement_signed.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "土地征收补偿协议已签订（集体）/ a land compensation agreement was signed (collective)"

    land_agreement_id: str
    collective_organization: str
    area_mu: str
    amount: Money
    signed_on: date


class CompensationDecisionMade(EventData):
    TYPE: ClassVar[str] = "expro.project.compensation_decision_made.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "补偿决定已作出 / a compensation decision was made for a household without agreement"

    decision_id: str
    household_id: str
    area_m2: str
    items: list[CompensationItem]
    total: Money
    decided_on: date
    move_out_deadline: date


class JudicialProcedureStarted(EventData):
    TYPE: ClassVar[str] = "expro.project.judicial_procedure_started.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "已申请人民法院强制执行 / court enforcement was applied for"

    procedure_id: str
    household_id: str
    court: str
    filed_on: date


class HouseholdMovedOut(EventData):
    TYPE: ClassVar[str] = "expro.project.household_moved_out.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "被征收户已腾房 / a household moved out"

    household_id: str
    moved_out_on: date


class DemolitionRecorded(EventData):
    TYPE: ClassVar[str] = "expro.project.demolition_recorded.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "房屋已拆除 / a demolition was recorded"

    demolition_id: str
    area_m2: str
    buildings: int
    demolished_on: date
    household_ids: list[str]
    contractor: str


class LandCleared(EventData):
    TYPE: ClassVar[str] = "expro.project.land_cleared.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "土地已腾空 / land was cleared"

    clearance_id: str
    area_mu: str
    cleared_on: date


class SettlementRequested(EventData):
    TYPE: ClassVar[str] = "expro.project.settlement_requested.v1"
    TOPIC: ClassVar[str] = PROJECT_TOPIC
    SUMMARY: ClassVar[str] = "项目已申请结算 / the project's settlement was requested"

    requested_on: date
