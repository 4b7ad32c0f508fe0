"""selection rounds (projects, roster) and allocations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "selection_rounds",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ordering", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("starts_at", ts, nullable=False),
        sa.Column("turn_minutes", sa.Integer, nullable=False),
        sa.Column("seed_commitment", sa.String(64), nullable=True),
        sa.Column("roster_hash", sa.String(64), nullable=True),
        sa.Column("committed_at", ts, nullable=True),
        sa.Column("seed", sa.Text, nullable=True),
        sa.Column("beacon", sa.Text, nullable=True),
        sa.Column("draw_seed", sa.String(64), nullable=True),
        sa.Column("drawn_at", ts, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_index("ix_selection_rounds_created_at_id", "selection_rounds", ["created_at", "id"])
    op.create_table(
        "selection_round_projects",
        sa.Column("round_id", sa.String(36), sa.ForeignKey("selection_rounds.id"), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), primary_key=True, index=True),
    )
    op.create_table(
        "selection_entries",
        sa.Column("round_id", sa.String(36), sa.ForeignKey("selection_rounds.id"), primary_key=True),
        sa.Column("eligibility_id", sa.String(36), sa.ForeignKey("eligibilities.id"), primary_key=True, index=True),
        sa.Column("position", sa.Integer, nullable=True),
        sa.Column("ticket", sa.String(64), nullable=True),
        sa.Column("skipped_at", ts, nullable=True),
        sa.Column("skipped_by", sa.String(200), nullable=True),
    )
    op.create_table(
        "allocations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("round_id", sa.String(36), sa.ForeignKey("selection_rounds.id"), nullable=False, index=True),
        sa.Column("eligibility_id", sa.String(36), sa.ForeignKey("eligibilities.id"), nullable=False),
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), nullable=False, index=True),
        sa.Column("household_id", sa.String(36), nullable=False),
        sa.Column("agreement_id", sa.String(36), nullable=False),
        sa.Column("community", sa.String(100), nullable=False, index=True),
        sa.Column("area_centi", sa.BigInteger, nullable=False),
        sa.Column("entitled_area_centi", sa.BigInteger, nullable=False),
        sa.Column("resettlement_price_fen", sa.BigInteger, nullable=False),
        sa.Column("market_price_fen", sa.BigInteger, nullable=False),
        sa.Column("tolerance_centi", sa.BigInteger, nullable=False),
        sa.Column("tolerance_rate_percent", sa.Integer, nullable=False),
        sa.Column("household_pays_fen", sa.BigInteger, nullable=False),
        sa.Column("household_receives_fen", sa.BigInteger, nullable=False),
        sa.Column("chosen_on", sa.Date, nullable=False),
        sa.Column("chosen_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("promised_delivery_on", sa.Date, nullable=True),
        sa.Column("delivered_on", sa.Date, nullable=True),
        sa.UniqueConstraint("eligibility_id", name="uq_allocations_eligibility"),
        sa.UniqueConstraint("unit_id", name="uq_allocations_unit"),
    )
    op.create_index("ix_allocations_created_at_id", "allocations", ["created_at", "id"])


def downgrade() -> None:
    for table in ("allocations", "selection_entries", "selection_round_projects", "selection_rounds"):
        op.drop_table(table)
