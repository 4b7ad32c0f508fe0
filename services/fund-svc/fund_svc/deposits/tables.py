"""The ``deposits`` table. Money columns are integer fen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from fund_svc.tables import FundTable


class DepositRow(FundTable, table=True):
    """预存款 / an owner-unit deposit into the dedicated account."""

    __tablename__ = "deposits"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "bank_reference", name="uq_deposits_bank_reference"),
        sa.UniqueConstraint("project_id", "bank_reference_key", name="uq_deposits_bank_reference_key"),
        # the caller's Idempotency-Key: one deposit per key, user and project
        sa.Index("uq_deposits_idempotency_key", "project_id", "recorded_by", "idempotency_key", unique=True),
    )

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="accounts.project_id", max_length=36, index=True)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    bank_reference: str = Field(max_length=64)
    #: The reference in comparison form (expro_shared.normalise): one transfer, one deposit.
    bank_reference_key: str = Field(sa_type=sa.Text)
    payer: str = Field(max_length=200)
    received_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    #: The request's ``Idempotency-Key``, the SHA-256 of its body and the 201 answered to it
    #: (JSON): the row is its own idempotency record, so a retry replays the receipt and a
    #: deposit costs no separate write. Empty on deposits recorded before (their answers
    #: are in ``idempotency_keys``).
    idempotency_key: str | None = Field(default=None, max_length=200)
    request_hash: str | None = Field(default=None, max_length=64)
    receipt: str | None = Field(default=None, sa_type=sa.Text)
