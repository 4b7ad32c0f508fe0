"""accounts, categories, deposits, refunds, funding decisions, and the plumbing tables

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
    money = sa.BigInteger
    create_plumbing_tables()
    op.create_table(
        "accounts",
        sa.Column("project_id", sa.String(36), primary_key=True),
        sa.Column("code", sa.String(64), nullable=True),
        sa.Column("owner_unit", sa.String(200), nullable=False, index=True),
        sa.Column("land_type", sa.String(20), nullable=False),
        sa.Column("required_fen", money, nullable=False, server_default="0"),
        sa.Column("deposited_fen", money, nullable=False, server_default="0"),
        sa.Column("committed_fen", money, nullable=False, server_default="0"),
        sa.Column("disbursed_fen", money, nullable=False, server_default="0"),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.CheckConstraint("deposited_fen >= 0", name="ck_accounts_deposited_nonnegative"),
        # Defence in depth for the rule in domain/ledger.py: deposits never fall below
        # what confirmed task orders committed or what was paid out.
        sa.CheckConstraint(
            "deposited_fen >= committed_fen AND deposited_fen >= disbursed_fen",
            name="ck_accounts_commitment_covered",
        ),
    )
    op.create_table(
        "account_categories",
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), primary_key=True),
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("budget_fen", money, nullable=False, server_default="0"),
        sa.Column("disbursed_fen", money, nullable=False, server_default="0"),
    )
    op.create_table(
        "deposits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), nullable=False, index=True),
        sa.Column("amount_fen", money, nullable=False),
        sa.Column("bank_reference", sa.String(64), nullable=False),
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("received_at", ts, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("project_id", "bank_reference", name="uq_deposits_bank_reference"),
        sa.CheckConstraint("amount_fen > 0", name="ck_deposits_positive"),
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), nullable=False, index=True),
        sa.Column("amount_fen", money, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("completed_at", ts, nullable=True),
        sa.CheckConstraint("amount_fen > 0", name="ck_refunds_positive"),
    )
    op.create_table(
        "funding_decisions",
        sa.Column("saga_id", sa.String(36), primary_key=True),
        sa.Column("task_order_id", sa.String(36), nullable=False, index=True),
        sa.Column("project_id", sa.String(36), nullable=False, index=True),
        sa.Column("confirmed", sa.Boolean, nullable=False),
        sa.Column("required_fen", money, nullable=False),
        sa.Column("deposited_fen", money, nullable=False),
        sa.Column("decided_at", ts, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "funding_decisions",
        "refunds",
        "deposits",
        "account_categories",
        "accounts",
        "dead_letters",
        "idempotency_keys",
        "inbox",
        "outbox",
    ):
        op.drop_table(table)
