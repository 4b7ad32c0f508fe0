"""the chain is its own outbox: seal_publication, the relay's cursor over the records (each
record's record_sealed is built from it), starting after the records sealed so far (their
record_sealed events are outbox rows, published as before)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_publication",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO seal_publication (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM audit_records")


def downgrade() -> None:
    # record_sealed events of records past the cursor are not sent by the version below
    op.drop_table("seal_publication")
