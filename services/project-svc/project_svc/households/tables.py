"""The ``households`` table: a surveyed household (被征收户) and its move-out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class HouseholdRow(ProjectTable, table=True):
    """被征收户 / a household of a project. Areas are 2-decimal strings."""

    __tablename__ = "households"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    head_name: str = Field(max_length=100)
    id_number: str = Field(max_length=32)
    address: str = Field(max_length=500)
    members: int
    registered_area_m2: str = Field(max_length=32)
    unregistered: list[dict[str, Any]] = Field(sa_type=sa.JSON, description="[{area_m2, classification}]")
    persons: list[dict[str, Any]] = Field(sa_type=sa.JSON, description="[{name, id_number, relation}]")
    moved_out_on: date | None = None
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
