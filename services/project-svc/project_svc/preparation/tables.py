"""Tables of the preparation: ``risk_assessments``, ``pre_announcements``,
``expropriation_decisions`` (one per project)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class RiskAssessmentRow(ProjectTable, table=True):
    """社会稳定风险评估 / a social-stability risk assessment."""

    __tablename__ = "risk_assessments"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    level: str = Field(max_length=10)
    assessed_on: date
    summary: str = Field(sa_type=sa.Text)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class PreAnnouncementRow(ProjectTable, table=True):
    """征收预公告 / a pre-announcement (collective land)."""

    __tablename__ = "pre_announcements"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    published_on: date
    scope: str = Field(sa_type=sa.Text)
    survey_until: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ExpropriationDecisionRow(ProjectTable, table=True):
    """征收决定 / the project's expropriation decision: one per project (its constraint)."""

    __tablename__ = "expropriation_decisions"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, unique=True)
    document_no: str = Field(max_length=100)
    decided_on: date
    announced_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
