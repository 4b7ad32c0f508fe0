"""The ``accounts`` and ``account_categories`` tables. Money columns are integer fen."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.ledger.domain import CategoryBalance, Ledger
from fund_svc.tables import FundTable


class AccountRow(FundTable, table=True):
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
    #: Pending holds of requested, not yet paid or rejected disbursements.
    held_fen: int = Field(default=0, sa_type=sa.BigInteger)
    #: Settled (结算): no money comes in or goes out any more.
    closed: bool = Field(default=False)
    #: project-svc's ``settlement_requested`` (the step settlement waits for).
    settlement_requested_on: date | None = Field(default=None)
    settled_on: date | None = Field(default=None)
    settled_by: str | None = Field(default=None, max_length=200)
    #: The remainder refunded to the owner unit at settlement.
    settled_refund_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    def ledger(self) -> Ledger:
        return Ledger(
            self.required_fen,
            self.deposited_fen,
            self.committed_fen,
            self.disbursed_fen,
            self.held_fen,
            self.closed,
        )


class AccountCategoryRow(FundTable, table=True):
    """专款类别余额 / budget and disbursement of one earmarked category."""

    __tablename__ = "account_categories"

    project_id: str = Field(primary_key=True, foreign_key="accounts.project_id", max_length=36)
    category: str = Field(primary_key=True, max_length=40)
    budget_fen: int = Field(default=0, sa_type=sa.BigInteger)
    disbursed_fen: int = Field(default=0, sa_type=sa.BigInteger)
    held_fen: int = Field(default=0, sa_type=sa.BigInteger)

    def balance(self) -> CategoryBalance:
        return CategoryBalance(self.budget_fen, self.held_fen, self.disbursed_fen)
