"""Tables of compensation plans: ``compensation_plans``, ``plan_comments``, ``hearings``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class CompensationPlanRow(ProjectTable, table=True):
    """征收补偿方案 / a compensation plan and its comment period and approval."""

    __tablename__ = "compensation_plans"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    title: str = Field(max_length=200)
    summary: str = Field(sa_type=sa.Text)
    standards: list[dict[str, Any]] = Field(sa_type=sa.JSON, description="[{item, rule}]")
    status: str = Field(max_length=20)
    comment_from: date | None = None
    comment_until: date | None = None
    approved_on: date | None = None
    changes: str | None = Field(default=None, sa_type=sa.Text)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PlanCommentRow(ProjectTable, table=True):
    """征求意见 / a comment on a plan."""

    __tablename__ = "plan_comments"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36)
    plan_id: str = Field(foreign_key="compensation_plans.id", max_length=36, index=True)
    author: str = Field(max_length=200)
    agrees: bool
    content: str = Field(sa_type=sa.Text)
    submitted_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class HearingRow(ProjectTable, table=True):
    """听证会 / a hearing on a plan."""

    __tablename__ = "hearings"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36)
    plan_id: str = Field(foreign_key="compensation_plans.id", max_length=36, index=True)
    held_on: date
    summary: str = Field(sa_type=sa.Text)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
