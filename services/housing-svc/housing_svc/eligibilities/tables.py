"""The ``eligibilities`` table: each property-exchange household's right to resettlement
housing (安置资格). Areas are integer hundredths of ㎡."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from housing_svc.tables import HousingTable


class EligibilityRow(HousingTable, table=True):
    """安置资格 / a household's eligibility, from its property-exchange agreement."""

    __tablename__ = "eligibilities"
    __table_args__ = (sa.UniqueConstraint("agreement_id", name="uq_eligibilities_agreement"),)

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    agreement_id: str = Field(max_length=36)
    household_id: str = Field(max_length=36, index=True)
    land_type: str = Field(max_length=20)
    status: str = Field(max_length=20, index=True)  # an EligibilityStatus
    entitled_area_centi: int = Field(sa_type=sa.BigInteger)
    members: int
    signed_on: date
    promised_delivery_on: date | None = Field(default=None)
    created_at: datetime = Field(sa_type=UTCDateTime)
    reviewed_by: str | None = Field(default=None, max_length=200)
    reviewed_on: date | None = Field(default=None)
    review_reason: str | None = Field(default=None, sa_type=sa.Text)
