"""disbursements: the business date of each step (reviewed_on, approved_on, rejected_on)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("reviewed_on", "approved_on", "rejected_on"):
        op.add_column("disbursements", sa.Column(column, sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("disbursements") as batch:
        for column in ("rejected_on", "approved_on", "reviewed_on"):
            batch.drop_column(column)
