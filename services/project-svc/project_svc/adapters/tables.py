"""project-svc tables (SQLModel). Money columns are integer fen."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from expro_shared.db import UTCDateTime


class ProjectRow(SQLModel, table=True):
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


class BudgetItemRow(SQLModel, table=True):
    """预算明细 / one earmarked category of a project's budget."""

    __tablename__ = "budget_items"

    project_id: str = Field(primary_key=True, foreign_key="projects.id", max_length=36)
    category: str = Field(primary_key=True, max_length=40)
    amount_fen: int = Field(sa_type=sa.BigInteger)


class TaskOrderRow(SQLModel, table=True):
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
    requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
