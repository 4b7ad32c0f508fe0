"""The ``judicial_procedures`` table: applications for court enforcement."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class JudicialProcedureRow(ProjectTable, table=True):
    """司法程序 / an application to the court for enforcement."""

    __tablename__ = "judicial_procedures"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    household_id: str = Field(foreign_key="households.id", max_length=36, index=True)
    court: str = Field(max_length=200)
    filed_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
