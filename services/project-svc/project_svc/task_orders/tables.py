"""The ``task_orders`` table. Money columns are integer fen."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class TaskOrderRow(ProjectTable, table=True):
    """任务交办书 / task order."""

    __tablename__ = "task_orders"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    title: str = Field(max_length=200)
    scope: str = Field(sa_type=sa.Text)
    due_date: date
    status: str = Field(max_length=20)
    saga_id: str | None = Field(default=None, max_length=36)
    required_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    deposited_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    shortfall_fen: int | None = Field(default=None, sa_type=sa.BigInteger)
    failure_reason: str | None = Field(default=None, sa_type=sa.Text)
    requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
