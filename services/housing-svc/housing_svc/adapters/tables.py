"""housing-svc tables (SQLModel). Money columns are integer fen.

They live in housing's own metadata: project-svc has a ``projects`` table too, and the
services' models meet in one process whenever the whole test suite or a tool loads them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from expro_shared import tables as plumbing
from expro_shared.db import UTCDateTime


class HousingTable(SQLModel, registry=registry()):
    """Base of housing-svc's tables (its own registry and metadata)."""


#: What Alembic compares a housing database with: housing's tables and the plumbing tables.
METADATA = [HousingTable.metadata, plumbing.SQLModel.metadata]


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
