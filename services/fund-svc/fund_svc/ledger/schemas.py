"""API models of the ledger (the account). Money is a yuan string."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from expro_shared.vocabulary import BudgetCategory, Money
from fund_svc.ledger.tables import AccountCategoryRow, AccountRow


class CategoryBalance(BaseModel):
    category: BudgetCategory
    budget: Money = Field(description="预算 / earmarked budget")
    disbursed: Money = Field(description="已拨付 / disbursed")
    remaining: Money = Field(description="剩余 / budget not yet disbursed")

    @classmethod
    def of(cls, c: AccountCategoryRow) -> CategoryBalance:
        return cls(
            category=BudgetCategory(c.category),
            budget=Money(c.budget_fen),
            disbursed=Money(c.disbursed_fen),
            remaining=Money(c.budget_fen - c.disbursed_fen),
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
    available: Money = Field(description="可用（可退回）/ neither committed nor disbursed")
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
            available=Money(ledger.available),
            categories=[CategoryBalance.of(c) for c in categories],
            updated_at=a.updated_at,
        )
