"""Events published by fund-svc on ``expro.fund.events``."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from expro_shared.events.base import FUND_TOPIC, EventData, saga_id_field
from expro_shared.vocabulary import BudgetCategory, Money


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
    saga_id: str | None = saga_id_field()


class FundingShortfall(EventData):
    TYPE: ClassVar[str] = "expro.fund.funding_shortfall.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款不足 / deposits fall short of the required deposit"

    task_order_id: str
    required: Money
    deposited: Money
    shortfall: Money
    saga_id: str | None = saga_id_field()


class RefundRecorded(EventData):
    TYPE: ClassVar[str] = "expro.fund.refund_recorded.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款已退回 / part of the deposits was refunded to the owner unit"

    refund_id: str
    amount: Money
    deposited_total: Money
    requested_by: str
    approved_by: str


# --- DESIGN §7.2: disbursements (拨付), payables (应付), transition fees (过渡费), settlement.


class TransitionFee(BaseModel):
    """过渡费 / what a transition-fee disbursement pays for."""

    kind: Literal["transition", "late_delivery"] = Field(
        description="transition（过渡期）| late_delivery（逾期交房，按倍数）"
    )
    period_from: date
    period_to: date


class DisbursementRequested(EventData):
    TYPE: ClassVar[str] = "expro.fund.disbursement_requested.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "拨付已申请（资金已预留）/ a disbursement was requested and its money held"

    disbursement_id: str
    category: BudgetCategory
    amount: Money
    payee: str
    purpose: str
    household_id: str | None = None
    agreement_id: str | None = None
    decision_id: str | None = None
    transition_fee: TransitionFee | None = None
    paid_on_behalf_of: str | None = Field(None, description="代付：委托的业主单位 / the entrusting owner unit")
    requested_by: str
    requested_on: date


class DisbursementReviewed(EventData):
    TYPE: ClassVar[str] = "expro.fund.disbursement_reviewed.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "拨付已审核 / a disbursement was reviewed by finance"

    disbursement_id: str
    category: BudgetCategory
    amount: Money
    approve: bool
    status: str = Field(description="审核后状态 / approved | reviewed | rejected")
    reviewed_by: str
    reviewed_on: date | None = Field(None, description="审核日期 / the day reviewed")
    comment: str


class DisbursementApproved(EventData):
    TYPE: ClassVar[str] = "expro.fund.disbursement_approved.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "拨付已批准 / a disbursement was approved (leader, or review below the threshold)"

    disbursement_id: str
    category: BudgetCategory
    amount: Money
    household_id: str | None = None
    agreement_id: str | None = None
    approved_by: str
    approved_on: date | None = Field(None, description="批准日期 / the day approved")
    comment: str


class DisbursementRejected(EventData):
    TYPE: ClassVar[str] = "expro.fund.disbursement_rejected.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "拨付已驳回（预留已释放）/ a disbursement was rejected and its hold released"

    disbursement_id: str
    category: BudgetCategory
    amount: Money
    household_id: str | None = None
    agreement_id: str | None = None
    rejected_by: str
    reason: str
    rejected_on: date | None = Field(None, description="驳回日期 / the day rejected")


class DisbursementPaid(EventData):
    TYPE: ClassVar[str] = "expro.fund.disbursement_paid.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "拨付已支付 / a disbursement was paid out of the account"

    disbursement_id: str
    category: BudgetCategory
    amount: Money
    household_id: str | None = None
    agreement_id: str | None = None
    decision_id: str | None = None
    transition_fee: TransitionFee | None = None
    paid_on_behalf_of: str | None = Field(None, description="代付：委托的业主单位 / the entrusting owner unit")
    paid_on: date
    bank_reference: str
    paid_by: str
    disbursed_total: Money = Field(description="项目累计已拨付 / the account's payments after this one")


class PayableCreated(EventData):
    TYPE: ClassVar[str] = "expro.fund.payable_created.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "应付款已生成（补偿协议或补偿决定）/ a payable arose from an agreement or a decision"

    payable_id: str
    agreement_id: str | None = None
    decision_id: str | None = None
    household_id: str
    due_on: date
    amount: Money


class PayableRevised(EventData):
    TYPE: ClassVar[str] = "expro.fund.payable_revised.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = (
        "应付款已按补偿协议调整（同一户既有补偿决定又有补偿协议）/ a household's one payable now also "
        "answers for its other instrument: the agreement governs a decision"
    )

    payable_id: str
    agreement_id: str | None = None
    decision_id: str | None = None
    household_id: str
    due_on: date
    amount: Money


class PayableOverdue(EventData):
    TYPE: ClassVar[str] = "expro.fund.payable_overdue.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "应付款已逾期未付清 / a payable is past its due date and not fully paid"

    payable_id: str
    agreement_id: str | None = None
    decision_id: str | None = None
    household_id: str
    due_on: date
    amount: Money
    paid: Money
    detected_on: date = Field(description="发现逾期之日（Asia/Shanghai）/ the day it was found overdue")


class TransitionFeePolicySet(EventData):
    TYPE: ClassVar[str] = "expro.fund.transition_fee_policy_set.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "过渡费标准已设定 / a project's transition-fee policy was set"

    basis: Literal["per_m2", "per_household"]
    monthly_rate: Money
    late_multiplier: str


class TransitionFeeRunCompleted(EventData):
    TYPE: ClassVar[str] = "expro.fund.transition_fee_run_completed.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "月度过渡费已发起拨付申请 / a project's monthly transition fees were requested"

    month: str = Field(description="YYYY-MM")
    requested: int = Field(description="本次新申请笔数 / disbursement requests made by this run")
    total: Money = Field(description="本次申请金额 / their sum")


class AccountSettled(EventData):
    TYPE: ClassVar[str] = "expro.fund.account_settled.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "专户已结算关闭 / the account was settled, its remainder refunded, and closed"

    settled_on: date
    deposited: Money = Field(description="结算前累计预存 / deposits net of refunds before settlement")
    paid: Money = Field(description="累计拨付 / everything paid out")
    refunded: Money = Field(description="结算退回余额 / the remainder refunded to the owner unit")
    settled_by: str
