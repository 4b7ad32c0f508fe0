"""API models of payables. Money is a yuan string; dates are business dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from expro_shared.vocabulary import Money
from fund_svc.payables import domain
from fund_svc.payables.tables import PayableRow


class PayablePublic(BaseModel):
    """应付款 / what an agreement or a compensation decision obliges the center to pay."""

    id: str
    project_id: str
    agreement_id: str | None
    decision_id: str | None
    household_id: str
    due_on: date = Field(description="应付日期 / due date")
    amount: Money = Field(description="应付金额 / amount due")
    held: Money = Field(description="已申请待支付 / held by compensation disbursements not yet paid")
    paid: Money = Field(description="已付 / paid")
    open: Money = Field(description="未付 / amount − paid")
    status: Literal["open", "paid", "overdue"]
    overdue_reported_on: date | None = Field(description="逾期通报日期 / when payable_overdue was emitted")
    created_at: datetime

    @classmethod
    def of(cls, p: PayableRow, today: date) -> PayablePublic:
        return cls(
            id=p.id,
            project_id=p.project_id,
            agreement_id=p.agreement_id,
            decision_id=p.decision_id,
            household_id=p.household_id,
            due_on=p.due_on,
            amount=Money(p.amount_fen),
            held=Money(p.held_fen),
            paid=Money(p.paid_fen),
            open=Money(max(0, p.amount_fen - p.paid_fen)),
            status=domain.status(p.amount_fen, p.paid_fen, p.due_on, today).value,
            overdue_reported_on=p.overdue_notified_on,
            created_at=p.created_at,
        )


class OverdueSweepResult(BaseModel):
    reported: int = Field(description="本次通报逾期笔数 / payables reported overdue by this sweep")
    as_of: date = Field(description="以此日为今日（Asia/Shanghai）/ the center's today")
