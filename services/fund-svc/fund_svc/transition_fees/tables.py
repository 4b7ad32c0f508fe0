"""The ``transitions`` (a household's transition period, as fund-svc learns it from events)
and ``transition_fee_policies`` tables. Money in fen; areas as 2-decimal text; dates are
business dates."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class TransitionRow(FundTable, table=True):
    """过渡期 / a household's transition: from moving out to the delivery of its unit."""

    __tablename__ = "transitions"

    project_id: str = Field(primary_key=True, max_length=36)
    household_id: str = Field(primary_key=True, max_length=64)
    agreement_id: str | None = Field(default=None, max_length=64)
    #: ``monetary`` | ``property_exchange`` (an agreement's kind; None for a decision).
    kind: str | None = Field(default=None, max_length=20)
    area_m2: str | None = Field(default=None, max_length=20)
    promised_delivery_on: date | None = Field(default=None)
    moved_out_on: date | None = Field(default=None)
    delivered_on: date | None = Field(default=None)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class FeePolicyRow(FundTable, table=True):
    """过渡费标准 / a project's transition-fee policy."""

    __tablename__ = "transition_fee_policies"

    project_id: str = Field(primary_key=True, foreign_key="accounts.project_id", max_length=36)
    basis: str = Field(max_length=20)  # per_m2 | per_household
    monthly_rate_fen: int = Field(sa_type=sa.BigInteger)
    #: The late-delivery multiplier in hundredths (2.00 → 200).
    late_multiplier_pct: int
    set_by: str = Field(max_length=200)
    updated_at: datetime = Field(sa_type=UTCDateTime)
