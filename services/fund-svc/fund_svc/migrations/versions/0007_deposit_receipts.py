"""deposits: the row carries its Idempotency-Key, the request's hash and its receipt

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deposits", sa.Column("idempotency_key", sa.String(200), nullable=True))
    op.add_column("deposits", sa.Column("request_hash", sa.String(64), nullable=True))
    op.add_column("deposits", sa.Column("receipt", sa.Text, nullable=True))
    op.create_index(
        "uq_deposits_idempotency_key", "deposits", ["project_id", "recorded_by", "idempotency_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_deposits_idempotency_key", table_name="deposits")
    with op.batch_alter_table("deposits") as batch:
        for column in ("receipt", "request_hash", "idempotency_key"):
            batch.drop_column(column)
