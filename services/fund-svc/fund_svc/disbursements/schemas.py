"""API models of disbursements (``XCreate`` in, ``XPublic`` out). Money is a yuan string;
dates are business dates (the day a step happened, Asia/Shanghai, never in the future)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from expro_shared.money import PositiveMoney
from expro_shared.normalise import HAS_VISIBLE_PATTERN
from expro_shared.requests import BusinessDate, Flag, IsoDate, RequestBody, Text
from expro_shared.vocabulary import BudgetCategory, Money
from fund_svc.disbursements.domain import MONTH_PATTERN
from fund_svc.disbursements.handlers import RunOutcome
from fund_svc.disbursements.tables import DisbursementRow

Status = Literal["requested", "reviewed", "approved", "rejected", "paid"]


class TransitionFeeIn(RequestBody):
    """过渡费期间 / the period a transition fee pays for."""

    kind: Literal["transition", "late_delivery"] = Field(description="transition | late_delivery（逾期交房）")
    period_from: IsoDate = Field(description="起 / first day paid for")
    period_to: IsoDate = Field(description="止 / last day paid for (may lie ahead: fees are paid in advance)")

    @model_validator(mode="after")
    def _ordered(self) -> TransitionFeeIn:
        if self.period_to < self.period_from:
            raise ValueError("period_to may not lie before period_from")
        return self


class TransitionFeeOut(BaseModel):
    kind: Literal["transition", "late_delivery"]
    period_from: date
    period_to: date


class DisbursementCreate(RequestBody):
    """拨付申请 / request a disbursement (money of one category is held for the payee)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "category": "compensation",
                    "amount": "812345.67",
                    "payee": "张某某",
                    "purpose": "货币补偿款（协议 XY-2022-001）",
                    "household_id": "hh-001",
                    "agreement_id": "ag-001",
                }
            ]
        }
    )
    category: BudgetCategory = Field(description="专款类别 / earmarked category paid from")
    amount: PositiveMoney = Field(description="金额（元）/ amount in yuan, > 0")
    payee: Text = Field(min_length=1, max_length=200, description="收款人 / payee")
    purpose: Text = Field(min_length=1, max_length=2000, description="用途 / purpose")
    household_id: str | None = Field(
        None, min_length=1, max_length=64, pattern=HAS_VISIBLE_PATTERN, description="被征收户 / household"
    )
    agreement_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=HAS_VISIBLE_PATTERN,
        description="补偿协议：补偿款冲抵该协议的应付款 / the agreement whose payable a compensation disbursement pays",
    )
    decision_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=HAS_VISIBLE_PATTERN,
        description="补偿决定：补偿款冲抵该决定的应付款 / the compensation decision whose payable it pays",
    )
    transition_fee: TransitionFeeIn | None = Field(None, description="过渡费（可手工补发、更正、代付）")
    paid_on_behalf_of: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        pattern=HAS_VISIBLE_PATTERN,
        description="代付：委托中心支付的业主单位 / the owner unit that entrusted the center with paying",
    )
    requested_on: BusinessDate | None = Field(None, description="申请日期（默认今日）/ day requested (default today)")

    @model_validator(mode="after")
    def _one_payable(self) -> DisbursementCreate:
        if self.agreement_id is not None and self.decision_id is not None:
            raise ValueError("name agreement_id or decision_id, not both")
        return self


class DisbursementReview(RequestBody):
    """审核 / finance review."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"approve": True, "comment": "资料齐全"}]})
    approve: Flag = Field(description="通过 / approve (false rejects and releases the hold)")
    comment: Text = Field("", max_length=2000, description="意见 / comment")
    reviewed_on: BusinessDate | None = Field(None, description="审核日期（默认今日，不早于申请）/ day reviewed")


class DisbursementApproval(RequestBody):
    """审批 / the leader's approval."""

    comment: Text = Field("", max_length=2000, description="意见 / comment")
    approved_on: BusinessDate | None = Field(None, description="审批日期（默认今日，不早于审核）/ day approved")


class DisbursementRejection(RequestBody):
    """驳回 / reject."""

    reason: Text = Field(min_length=1, max_length=2000, description="理由 / reason")
    rejected_on: BusinessDate | None = Field(None, description="驳回日期（默认今日）/ day rejected")


class DisbursementPayment(RequestBody):
    """支付 / record the payment."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"paid_on": "2022-04-01", "bank_reference": "ICBC-20220401-0001"}]}
    )
    paid_on: BusinessDate = Field(description="支付日期 / day paid (not in the future, not before the approval)")
    bank_reference: str = Field(
        min_length=1, max_length=64, pattern=HAS_VISIBLE_PATTERN, description="银行流水号 / bank reference"
    )


class DisbursementPublic(BaseModel):
    id: str
    project_id: str
    category: BudgetCategory
    amount: Money
    payee: str
    purpose: str
    household_id: str | None
    agreement_id: str | None
    decision_id: str | None
    payable_id: str | None
    transition_fee: TransitionFeeOut | None
    paid_on_behalf_of: str | None
    status: Status
    requested_by: str
    requested_on: date
    reviewed_by: str | None
    reviewed_on: date | None
    review_comment: str | None
    approved_by: str | None
    approved_on: date | None
    approval_comment: str | None
    rejected_by: str | None
    rejected_on: date | None
    reject_reason: str | None
    paid_by: str | None
    paid_on: date | None
    bank_reference: str | None
    created_at: datetime

    @classmethod
    def of(cls, r: DisbursementRow) -> DisbursementPublic:
        fee = None
        if r.fee_kind and r.fee_period_from and r.fee_period_to:
            fee = TransitionFeeOut(kind=r.fee_kind, period_from=r.fee_period_from, period_to=r.fee_period_to)  # type: ignore[arg-type]
        return cls(
            id=r.id,
            project_id=r.project_id,
            category=BudgetCategory(r.category),
            amount=Money(r.amount_fen),
            payee=r.payee,
            purpose=r.purpose,
            household_id=r.household_id,
            agreement_id=r.agreement_id,
            decision_id=r.decision_id,
            payable_id=r.payable_id,
            transition_fee=fee,
            paid_on_behalf_of=r.paid_on_behalf_of,
            status=r.status,  # type: ignore[arg-type]
            requested_by=r.requested_by,
            requested_on=r.requested_on,
            reviewed_by=r.reviewed_by,
            reviewed_on=r.reviewed_on,
            review_comment=r.review_comment,
            approved_by=r.approved_by,
            approved_on=r.approved_on,
            approval_comment=r.approval_comment,
            rejected_by=r.rejected_by,
            rejected_on=r.rejected_on,
            reject_reason=r.reject_reason,
            paid_by=r.paid_by,
            paid_on=r.paid_on,
            bank_reference=r.bank_reference,
            created_at=r.created_at,
        )


class FeeRunIn(RequestBody):
    """月度过渡费 / the monthly transition-fee run."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"month": "2022-03"}]})
    month: str = Field(pattern=MONTH_PATTERN, examples=["2022-03"], description="月份 YYYY-MM（不晚于本月）")
    project_id: str | None = Field(
        None, min_length=1, max_length=36, pattern=r"^[^\x00]*$", description="仅此项目 / one project only"
    )
    requested_on: BusinessDate | None = Field(None, description="申请日期（默认今日）/ day requested (default today)")


class SkippedOut(BaseModel):
    project_id: str
    household_id: str
    reason: str


class FeeRunOut(BaseModel):
    month: str
    requested: list[DisbursementPublic] = Field(description="本次新申请 / requests made by this run")
    already: int = Field(description="此前已申请（不重复）/ household-months that had their request already")
    skipped: list[SkippedOut] = Field(description="未能申请及原因 / households not requested, and why")

    @classmethod
    def of(cls, o: RunOutcome) -> FeeRunOut:
        return cls(
            month=o.month,
            requested=[DisbursementPublic.of(r) for r in o.requested],
            already=o.already,
            skipped=[SkippedOut(**vars(s)) for s in o.skipped],
        )
