"""fund-svc tables (SQLModel). Money columns are integer fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from expro_shared.db import UTCDateTime
from fund_svc.domain.ledger import Ledger


class AccountRow(SQLModel, table=True):
    """项目专户 / a project's dedicated escrow account."""

    __tablename__ = "accounts"

    project_id: str = Field(primary_key=True, max_length=36)
    code: str | None = Field(default=None, max_length=64)
    owner_unit: str = Field(max_length=200, index=True)
    land_type: str = Field(max_length=20)
    required_fen: int = Field(default=0, sa_type=sa.BigInteger)
    deposited_fen: int = Field(default=0, sa_type=sa.BigInteger)
    committed_fen: int = Field(default=0, sa_type=sa.BigInteger)
    disbursed_fen: int = Field(default=0, sa_type=sa.BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    def ledger(self) -> Ledger:
        return Ledger(self.required_fen, self.deposited_fen, self.committed_fen, self.disbursed_fen)

    def apply(self, ledger: Ledger) -> None:
        self.required_fen = ledger.required
        self.deposited_fen = ledger.deposited
        self.committed_fen = ledger.committed
        self.disbursed_fen = ledger.disbursed


class AccountCategoryRow(SQLModel, table=True):
    """专款类别余额 / budget and disbursement of one earmarked category."""

    __tablename__ = "account_categories"

    project_id: str = Field(primary_key=True, foreign_key="accounts.project_id", max_length=36)
    category: str = Field(primary_key=True, max_length=40)
    budget_fen: int = Field(default=0, sa_type=sa.BigInteger)
    disbursed_fen: int = Field(default=0, sa_type=sa.BigInteger)


class DepositRow(SQLModel, table=True):
    """预存款 / an owner-unit deposit into the dedicated account."""

    __tablename__ = "deposits"
    __table_args__ = (sa.UniqueConstraint("project_id", "bank_reference", name="uq_deposits_bank_reference"),)

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36, index=True)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    bank_reference: str = Field(max_length=64)
    payer: str = Field(max_length=200)
    received_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class RefundRow(SQLModel, table=True):
    """预存款退回 / a refund to the owner unit (maker-checker)."""

    __tablename__ = "refunds"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36, index=True)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    reason: str = Field(sa_type=sa.Text)
    status: str = Field(max_length=20)
    requested_by: str = Field(max_length=200)
    approved_by: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FundingDecisionRow(SQLModel, table=True):
    """资金确认记录 / fund-svc's one decision per issuance request (saga)."""

    __tablename__ = "funding_decisions"

    saga_id: str = Field(primary_key=True, max_length=36)
    task_order_id: str = Field(max_length=36, index=True)
    project_id: str = Field(max_length=36, index=True)
    confirmed: bool
    required_fen: int = Field(sa_type=sa.BigInteger)
    deposited_fen: int = Field(sa_type=sa.BigInteger)
    decided_at: datetime = Field(sa_type=UTCDateTime)
