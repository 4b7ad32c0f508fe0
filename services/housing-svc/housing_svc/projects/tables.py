"""The ``projects`` table: project-svc's projects as housing knows them. Money columns are
integer fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from housing_svc.tables import HousingTable


class ProjectRow(HousingTable, table=True):
    """征收项目（投影）/ a project as housing knows it, projected from project-svc's events."""

    __tablename__ = "projects"

    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    land_type: str = Field(max_length=20)
    district: str = Field(max_length=100, index=True)
    owner_unit: str = Field(max_length=200, index=True)
    registered_at: datetime = Field(sa_type=UTCDateTime)
    required_deposit_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    resettlement_housing_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    budget_approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
