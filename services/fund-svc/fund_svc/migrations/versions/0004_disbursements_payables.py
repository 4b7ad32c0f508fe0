"""DESIGN §7.2: holds on the account and its categories, settlement columns, disbursements
and payables

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
    money = sa.BigInteger
    # Plain ADD COLUMN (a batch copy of ``accounts`` on SQLite would drop a table the
    # deposits reference); the check constraints are added where ALTER TABLE can (PostgreSQL).
    op.add_column("accounts", sa.Column("held_fen", money, nullable=False, server_default="0"))
    op.add_column("accounts", sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("accounts", sa.Column("settlement_requested_on", sa.Date, nullable=True))
    op.add_column("accounts", sa.Column("settled_on", sa.Date, nullable=True))
    op.add_column("accounts", sa.Column("settled_by", sa.String(200), nullable=True))
    op.add_column("accounts", sa.Column("settled_refund_fen", money, nullable=True))
    op.add_column("account_categories", sa.Column("held_fen", money, nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "postgresql":
        # Defence in depth for the ledger's rule: holds and payments never exceed the deposits.
        op.create_check_constraint(
            "ck_accounts_holds_covered", "accounts", "held_fen >= 0 AND held_fen + disbursed_fen <= deposited_fen"
        )
        op.create_check_constraint("ck_account_categories_held_nonnegative", "account_categories", "held_fen >= 0")
    op.create_table(
        "disbursements",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("amount_fen", money, nullable=False),
        sa.Column("payee", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("household_id", sa.String(64), nullable=True, index=True),
        sa.Column("agreement_id", sa.String(64), nullable=True, index=True),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("payable_id", sa.String(36), nullable=True, index=True),
        sa.Column("fee_kind", sa.String(20), nullable=True),
        sa.Column("fee_period_from", sa.Date, nullable=True),
        sa.Column("fee_period_to", sa.Date, nullable=True),
        sa.Column("fee_run_key", sa.String(120), nullable=True),
        sa.Column("paid_on_behalf_of", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_on", sa.Date, nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=True),
        sa.Column("review_comment", sa.Text, nullable=True),
        sa.Column("reviewed_at", ts, nullable=True),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("approval_comment", sa.Text, nullable=True),
        sa.Column("approved_at", ts, nullable=True),
        sa.Column("rejected_by", sa.String(200), nullable=True),
        sa.Column("reject_reason", sa.Text, nullable=True),
        sa.Column("rejected_at", ts, nullable=True),
        sa.Column("paid_by", sa.String(200), nullable=True),
        sa.Column("paid_on", sa.Date, nullable=True),
        sa.Column("bank_reference", sa.String(64), nullable=True),
        sa.Column("paid_at", ts, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("fee_run_key", name="uq_disbursements_fee_run_key"),
        sa.CheckConstraint("amount_fen > 0", name="ck_disbursements_positive"),
    )
    op.create_index("ix_disbursements_project_created", "disbursements", ["project_id", "created_at", "id"])
    op.create_table(
        "payables",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("accounts.project_id"), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=True),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("household_id", sa.String(64), nullable=False, index=True),
        sa.Column("due_on", sa.Date, nullable=False, index=True),
        sa.Column("amount_fen", money, nullable=False),
        sa.Column("held_fen", money, nullable=False, server_default="0"),
        sa.Column("paid_fen", money, nullable=False, server_default="0"),
        sa.Column("overdue_notified_on", sa.Date, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("agreement_id", name="uq_payables_agreement"),
        sa.UniqueConstraint("decision_id", name="uq_payables_decision"),
        # Never beyond what is still open.
        sa.CheckConstraint(
            "held_fen >= 0 AND paid_fen >= 0 AND held_fen + paid_fen <= amount_fen", name="ck_payables_open"
        ),
    )
    op.create_index("ix_payables_project_created", "payables", ["project_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_table("payables")
    op.drop_table("disbursements")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("ck_account_categories_held_nonnegative", "account_categories", type_="check")
        op.drop_constraint("ck_accounts_holds_covered", "accounts", type_="check")
    with op.batch_alter_table("account_categories") as batch:
        batch.drop_column("held_fen")
    with op.batch_alter_table("accounts") as batch:
        for column in ("settled_refund_fen", "settled_by", "settled_on", "settlement_requested_on", "closed"):
            batch.drop_column(column)
        batch.drop_column("held_fen")
