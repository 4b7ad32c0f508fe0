"""API models of the ledger (the account). Money is a yuan string."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from expro_shared.vocabulary import BudgetCategory, Money
from fund_svc.ledger.tables import AccountCategoryRow, AccountRow


class CategoryBalance(BaseModel):
    category: BudgetCategory
    budget: Money = Field(description="预算 / earmarked budget")
    disbursed: Money = Field(description="已拨付 / disbursed (the same as paid)")
    held: Money = Field(description="已预留（待支付的拨付）/ held by disbursements not yet paid")
    paid: Money = Field(description="已支付 / paid")
    remaining: Money = Field(description="剩余 / budget − held − paid")

    @classmethod
    def of(cls, c: AccountCategoryRow) -> CategoryBalance:
        balance = c.balance()
        return cls(
            category=BudgetCategory(c.category),
            budget=Money(balance.budget),
            disbursed=Money(balance.paid),
            held=Money(balance.held),
            paid=Money(balance.paid),
            remaining=Money(max(0, balance.remaining)),
        )


class AccountPublic(BaseModel):
    """项目专户 / the dedicated account of a project."""

    project_id: str
    owner_unit: str
    required: Money = Field(description="应预存 / required deposit")
    deposited: Money = Field(description="已预存（扣除退回）/ deposits net of refunds")
    shortfall: Money = Field(description="缺口 / required minus deposited, not below 0")
    fully_funded: bool = Field(description="足额到位 / deposits cover the required deposit")
    committed: Money = Field(description="已锁定（已签发任务交办书）/ locked by issued task orders")
    disbursed: Money = Field(description="已拨付 / paid out")
    held: Money = Field(description="已预留 / held by disbursements requested and not yet paid or rejected")
    paid: Money = Field(description="已支付 / paid out (the same as disbursed)")
    available: Money = Field(description="可用（可退回）/ deposited − max(committed, paid + held)")
    closed: bool = Field(description="已结算关闭 / settled and closed")
    settled_on: date | None = Field(description="结算日期 / the day it was settled")
    settled_refund: Money | None = Field(description="结算退回余额 / the remainder refunded at settlement")
    categories: list[CategoryBalance]
    updated_at: datetime

    @classmethod
    def of(cls, a: AccountRow, categories: list[AccountCategoryRow]) -> AccountPublic:
        """The account as clients see it, with the balance of each earmarked category."""
        ledger = a.ledger()
        return cls(
            project_id=a.project_id,
            owner_unit=a.owner_unit,
            required=Money(ledger.required),
            deposited=Money(ledger.deposited),
            shortfall=Money(ledger.shortfall),
            fully_funded=ledger.fully_funded,
            committed=Money(ledger.committed),
            disbursed=Money(ledger.disbursed),
            held=Money(ledger.held),
            paid=Money(ledger.paid),
            available=Money(ledger.available),
            closed=ledger.closed,
            settled_on=a.settled_on,
            settled_refund=Money.maybe(a.settled_refund_fen),
            categories=[CategoryBalance.of(c) for c in categories],
            updated_at=a.updated_at,
        )
