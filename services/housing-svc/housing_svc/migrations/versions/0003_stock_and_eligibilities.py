"""the housing stock (units) and eligibilities

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "units",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("community", sa.String(100), nullable=False, index=True),
        sa.Column("building", sa.String(100), nullable=False),
        sa.Column("unit_no", sa.String(100), nullable=False),
        sa.Column("unit_key", sa.Text, nullable=False),
        sa.Column("floor", sa.Integer, nullable=False),
        sa.Column("layout", sa.String(50), nullable=False),
        sa.Column("area_centi", sa.BigInteger, nullable=False),
        sa.Column("resettlement_price_fen", sa.BigInteger, nullable=False),
        sa.Column("market_price_fen", sa.BigInteger, nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("imported_by", sa.String(200), nullable=False),
        sa.Column("imported_at", ts, nullable=False),
        sa.Column("delivered_on", sa.Date, nullable=True),
        sa.UniqueConstraint("unit_key", name="uq_units_unit_key"),
    )
    op.create_index("ix_units_imported_at_id", "units", ["imported_at", "id"])
    op.create_table(
        "eligibilities",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), nullable=False, index=True),
        sa.Column("agreement_id", sa.String(36), nullable=False),
        sa.Column("household_id", sa.String(36), nullable=False, index=True),
        sa.Column("land_type", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("entitled_area_centi", sa.BigInteger, nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("promised_delivery_on", sa.Date, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=True),
        sa.Column("reviewed_on", sa.Date, nullable=True),
        sa.Column("review_reason", sa.Text, nullable=True),
        sa.UniqueConstraint("agreement_id", name="uq_eligibilities_agreement"),
    )
    op.create_index("ix_eligibilities_created_at_id", "eligibilities", ["created_at", "id"])


def downgrade() -> None:
    op.drop_table("eligibilities")
    op.drop_table("units")
