"""The ``payables`` table (应付): what an agreement or a compensation decision obliges the
center to pay a household, by when. Money in fen."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class PayableRow(FundTable, table=True):
    """应付款 / a household's compensation due, from its agreement or its decision."""

    __tablename__ = "payables"
    __table_args__ = (
        sa.UniqueConstraint("agreement_id", name="uq_payables_agreement"),
        sa.UniqueConstraint("decision_id", name="uq_payables_decision"),
        sa.Index("ix_payables_project_created", "project_id", "created_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36)
    agreement_id: str | None = Field(default=None, max_length=64)
    decision_id: str | None = Field(default=None, max_length=64)
    household_id: str = Field(max_length=64, index=True)
    due_on: date = Field(index=True)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    #: Held by requested compensation disbursements toward it, not yet paid or rejected.
    held_fen: int = Field(default=0, sa_type=sa.BigInteger)
    paid_fen: int = Field(default=0, sa_type=sa.BigInteger)
    #: When ``payable_overdue`` was emitted (once per payable).
    overdue_notified_on: date | None = Field(default=None)
    created_at: datetime = Field(sa_type=UTCDateTime)
