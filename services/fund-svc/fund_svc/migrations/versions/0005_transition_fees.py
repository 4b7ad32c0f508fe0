"""DESIGN §7.2: households' transition periods and the projects' transition-fee policies

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "transitions",
        sa.Column("project_id", sa.String(36), primary_key=True),
        sa.Column("household_id", sa.String(64), primary_key=True),
        sa.Column("agreement_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("area_m2", sa.String(20), nullable=True),
        sa.Column("promised_delivery_on", sa.Date, nullable=True),
        sa.Column("moved_out_on", sa.Date, nullable=True),
        sa.Column("delivered_on", sa.Date, nullable=True),
        sa.Column("updated_at", ts, nullable=False),
    )
    op.create_table(
        "transition_fee_policies",
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), primary_key=True),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("monthly_rate_fen", sa.BigInteger, nullable=False),
        sa.Column("late_multiplier_pct", sa.Integer, nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.CheckConstraint("monthly_rate_fen >= 0 AND late_multiplier_pct >= 100", name="ck_fee_policies_valid"),
    )


def downgrade() -> None:
    op.drop_table("transition_fee_policies")
    op.drop_table("transitions")
