"""The ``disbursements`` table (拨付). Money columns are integer fen; business dates are dates."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class DisbursementRow(FundTable, table=True):
    """拨付 / money leaving the account: request → review (→ approval) → payment."""

    __tablename__ = "disbursements"
    __table_args__ = (
        # The monthly fee run makes one request per household-month, never two.
        sa.UniqueConstraint("fee_run_key", name="uq_disbursements_fee_run_key"),
        sa.Index("ix_disbursements_project_created", "project_id", "created_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36)
    category: str = Field(max_length=40)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    payee: str = Field(max_length=200)
    purpose: str = Field(sa_type=sa.Text)
    household_id: str | None = Field(default=None, max_length=64, index=True)
    agreement_id: str | None = Field(default=None, max_length=64, index=True)
    decision_id: str | None = Field(default=None, max_length=64)
    #: The payable a compensation disbursement pays toward (an agreement's or a decision's).
    payable_id: str | None = Field(default=None, max_length=36, index=True)
    fee_kind: str | None = Field(default=None, max_length=20)
    fee_period_from: date | None = Field(default=None)
    fee_period_to: date | None = Field(default=None)
    #: ``<household>/<YYYY-MM>`` for a request the monthly run made (unique).
    fee_run_key: str | None = Field(default=None, max_length=120)
    paid_on_behalf_of: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=20)  # a DisbursementStatus
    requested_by: str = Field(max_length=200)
    requested_on: date
    reviewed_by: str | None = Field(default=None, max_length=200)
    review_comment: str | None = Field(default=None, sa_type=sa.Text)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_on: date | None = Field(default=None)
    approved_by: str | None = Field(default=None, max_length=200)
    approval_comment: str | None = Field(default=None, sa_type=sa.Text)
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_on: date | None = Field(default=None)
    rejected_by: str | None = Field(default=None, max_length=200)
    reject_reason: str | None = Field(default=None, sa_type=sa.Text)
    rejected_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rejected_on: date | None = Field(default=None)
    paid_by: str | None = Field(default=None, max_length=200)
    paid_on: date | None = Field(default=None)
    bank_reference: str | None = Field(default=None, max_length=64)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
