"""projects, budget items, task orders, and the plumbing tables

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
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("land_type", sa.String(20), nullable=False),
        sa.Column("district", sa.String(100), nullable=False, index=True),
        sa.Column("owner_unit", sa.String(200), nullable=False, index=True),
        sa.Column("planned_households", sa.Integer, nullable=False),
        sa.Column("planned_area_m2", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("required_deposit_fen", sa.BigInteger, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
    )
    op.create_table(
        "budget_items",
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "task_orders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("saga_id", sa.String(36), nullable=True),
        sa.Column("required_fen", sa.BigInteger, nullable=True),
        sa.Column("deposited_fen", sa.BigInteger, nullable=True),
        sa.Column("shortfall_fen", sa.BigInteger, nullable=True),
        sa.Column("requested_at", ts, nullable=True),
        sa.Column("issued_at", ts, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
    )


def downgrade() -> None:
    for table in ("task_orders", "budget_items", "projects", "dead_letters", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)
