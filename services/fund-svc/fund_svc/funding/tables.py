"""The ``funding_decisions`` table: one decision per issuance request (saga). Money in fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class FundingDecisionRow(FundTable, table=True):
    """资金确认记录 / fund-svc's one decision per issuance request (saga)."""

    __tablename__ = "funding_decisions"

    saga_id: str = Field(primary_key=True, max_length=36)
    task_order_id: str = Field(max_length=36, index=True)
    project_id: str = Field(max_length=36, index=True)
    confirmed: bool
    required_fen: int = Field(sa_type=sa.BigInteger)
    deposited_fen: int = Field(sa_type=sa.BigInteger)
    decided_at: datetime = Field(sa_type=UTCDateTime)
