"""API model of the statement (对账单). Money is a yuan string; dates are business dates."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from expro_shared.vocabulary import Money
from fund_svc.ledger.domain import PayableStatus, payable_status
from fund_svc.ledger.schemas import AccountPublic, CategoryBalance
from fund_svc.statements.handlers import Statement


class StatementEntry(BaseModel):
    on: date = Field(description="业务日期 / the day the money moved")
    kind: Literal["deposit", "refund", "disbursement", "settlement_refund"]
    reference: str = Field(description="银行流水号或单号 / bank reference or record id")
    description: str
    category: str | None
    household_id: str | None
    amount_in: Money = Field(description="收入 / money in")
    amount_out: Money = Field(description="支出 / money out")
    balance: Money = Field(description="余额 / balance after the entry")


class PendingDisbursement(BaseModel):
    id: str
    category: str
    amount: Money
    status: Literal["requested", "reviewed", "approved"]
    requested_on: date
    payee: str


class PayablesSummary(BaseModel):
    count: int
    amount: Money = Field(description="应付合计 / total due")
    paid: Money = Field(description="已付合计 / total paid toward them")
    open: Money = Field(description="未付合计 / total still open")
    overdue: int = Field(description="逾期笔数 / how many are overdue")


class StatementPublic(BaseModel):
    """项目专户对账单 / the account's statement."""

    project_id: str
    code: str | None
    owner_unit: str
    as_of: date = Field(description="截至（Asia/Shanghai 今日）/ the center's today")
    account: AccountPublic
    deposits_received: Money = Field(description="累计收到预存款 / every deposit received")
    refunded: Money = Field(description="累计退回（含结算退回）/ every refund, settlement's included")
    categories: list[CategoryBalance]
    entries: list[StatementEntry]
    pending: list[PendingDisbursement] = Field(description="待支付的拨付（已预留）/ held, not yet paid")
    payables: PayablesSummary

    @classmethod
    def of(cls, s: Statement, today: date) -> StatementPublic:
        a = s.account
        open_fen = sum(max(0, p.amount_fen - p.paid_fen) for p in s.payables)
        overdue = sum(
            1 for p in s.payables if payable_status(p.amount_fen, p.paid_fen, p.due_on, today) is PayableStatus.OVERDUE
        )
        return cls(
            project_id=a.project_id,
            code=a.code,
            owner_unit=a.owner_unit,
            as_of=today,
            account=AccountPublic.of(a, s.categories),
            deposits_received=Money(s.deposited_in),
            refunded=Money(s.refunded),
            categories=[CategoryBalance.of(c) for c in s.categories],
            entries=[
                StatementEntry(
                    on=line.entry.on,
                    kind=line.entry.kind,  # type: ignore[arg-type]
                    reference=line.entry.reference,
                    description=line.entry.description,
                    category=line.entry.category,
                    household_id=line.entry.household_id,
                    amount_in=Money(line.entry.money_in),
                    amount_out=Money(line.entry.money_out),
                    balance=Money(line.balance),
                )
                for line in s.lines
            ],
            pending=[
                PendingDisbursement(
                    id=d.id,
                    category=d.category,
                    amount=Money(d.amount_fen),
                    status=d.status,  # type: ignore[arg-type]
                    requested_on=d.requested_on,
                    payee=d.payee,
                )
                for d in s.pending
            ],
            payables=PayablesSummary(
                count=len(s.payables),
                amount=Money(sum(p.amount_fen for p in s.payables)),
                paid=Money(sum(p.paid_fen for p in s.payables)),
                open=Money(open_fen),
                overdue=overdue,
            ),
        )
