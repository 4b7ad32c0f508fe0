"""the projection of projects, and the plumbing tables

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from expro_shared.tables import create_plumbing_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    create_plumbing_tables()
    op.create_table(
        "projects",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("land_type", sa.String(20), nullable=False),
        sa.Column("district", sa.String(100), nullable=False, index=True),
        sa.Column("owner_unit", sa.String(200), nullable=False, index=True),
        sa.Column("registered_at", ts, nullable=False),
        sa.Column("required_deposit_fen", sa.BigInteger, nullable=True),
        sa.Column("resettlement_housing_fen", sa.BigInteger, nullable=True),
        sa.Column("budget_approved_at", ts, nullable=True),
        sa.Column("updated_at", ts, nullable=False),
    )


def downgrade() -> None:
    for table in ("projects", "dead_letters", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)
