"""The ``refunds`` table. Money columns are integer fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class RefundRow(FundTable, table=True):
    """预存款退回 / a refund to the owner unit (maker-checker)."""

    __tablename__ = "refunds"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36, index=True)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    reason: str = Field(sa_type=sa.Text)
    status: str = Field(max_length=20)  # a RefundStatus
    requested_by: str = Field(max_length=200)
    approved_by: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
