"""Tables of valuation: ``valuation_agency_selections``, ``valuation_reports`` (money in fen)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class AgencySelectionRow(ProjectTable, table=True):
    """评估机构选定 / the selection of a valuation agency."""

    __tablename__ = "valuation_agency_selections"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    method: str = Field(max_length=20)
    candidates: list[str] = Field(sa_type=sa.JSON)
    selected: str = Field(max_length=200)
    selected_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ValuationReportRow(ProjectTable, table=True):
    """评估报告 / a household's valuation report."""

    __tablename__ = "valuation_reports"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    household_id: str = Field(foreign_key="households.id", max_length=36, index=True)
    agency: str = Field(max_length=200)
    value_fen: int = Field(sa_type=sa.BigInteger)
    value_date: date
    filed_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
