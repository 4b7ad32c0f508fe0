"""The ``projects`` table. Money columns are integer fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class ProjectRow(ProjectTable, table=True):
    """征收项目 / expropriation project."""

    __tablename__ = "projects"

    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(unique=True, max_length=64)
    name: str = Field(max_length=200)
    land_type: str = Field(max_length=20)
    district: str = Field(max_length=100, index=True)
    owner_unit: str = Field(max_length=200, index=True)
    planned_households: int
    planned_area_m2: str = Field(max_length=32)
    status: str = Field(max_length=20)
    required_deposit_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
