"""Tables of the site: ``demolitions``, ``clearances``, ``settlements`` (one per project)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class DemolitionRow(ProjectTable, table=True):
    """拆除 / a demolition: area, buildings, the households whose houses they were."""

    __tablename__ = "demolitions"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    demolished_on: date
    area_m2: str = Field(max_length=32)
    buildings: int
    household_ids: list[str] = Field(sa_type=sa.JSON)
    contractor: str = Field(max_length=200)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ClearanceRow(ProjectTable, table=True):
    """腾地 / land cleared (亩)."""

    __tablename__ = "clearances"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    cleared_on: date
    area_mu: str = Field(max_length=32)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class SettlementRow(ProjectTable, table=True):
    """结算申请 / the project's settlement request: one per project (its constraint)."""

    __tablename__ = "settlements"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, unique=True)
    requested_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
