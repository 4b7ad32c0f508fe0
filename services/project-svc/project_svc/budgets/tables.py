"""The ``budget_items`` table: one earmarked category of a project's budget, in fen."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field

from project_svc.tables import ProjectTable


class BudgetItemRow(ProjectTable, table=True):
    """预算明细 / one earmarked category of a project's budget."""

    __tablename__ = "budget_items"

    project_id: str = Field(primary_key=True, foreign_key="projects.id", max_length=36)
    category: str = Field(primary_key=True, max_length=40)
    amount_fen: int = Field(sa_type=sa.BigInteger)
