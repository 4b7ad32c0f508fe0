"""The ``units`` table: the resettlement housing stock (安置房源). Areas are integer
hundredths of ㎡, prices integer fen per ㎡."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from housing_svc.tables import HousingTable


class UnitRow(HousingTable, table=True):
    """安置房 / one resettlement unit of the stock."""

    __tablename__ = "units"
    __table_args__ = (sa.UniqueConstraint("unit_key", name="uq_units_unit_key"),)

    id: str = Field(primary_key=True, max_length=36)
    community: str = Field(max_length=100, index=True)
    building: str = Field(max_length=100)
    unit_no: str = Field(max_length=100)
    #: (community, building, unit_no) in comparison form (expro_shared.normalise): one
    #: dwelling, one unit, however it was spelled.
    unit_key: str = Field(sa_type=sa.Text)
    floor: int
    layout: str = Field(max_length=50)
    area_centi: int = Field(sa_type=sa.BigInteger)
    resettlement_price_fen: int = Field(sa_type=sa.BigInteger)
    market_price_fen: int = Field(sa_type=sa.BigInteger)
    completed_on: date = Field(index=True)
    status: str = Field(max_length=20, index=True)  # a UnitStatus
    imported_by: str = Field(max_length=200)
    imported_at: datetime = Field(sa_type=UTCDateTime)
    delivered_on: date | None = Field(default=None)
