"""the audit chain and its head, and the plumbing tables

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from expro_shared.db import SeqType
from expro_shared.tables import create_plumbing_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    create_plumbing_tables()
    op.create_table(
        "audit_records",
        sa.Column("seq", SeqType, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("event_type", sa.String(200), nullable=False, index=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("event_time", ts, nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # Seeded here so every sealing locks an existing row (locking a missing row locks nothing).
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])


def downgrade() -> None:
    for table in ("chain_head", "audit_records", "dead_letters", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)
