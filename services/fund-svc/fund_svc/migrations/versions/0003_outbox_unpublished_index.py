"""outbox: the partial index ix_outbox_unpublished (seq WHERE published_at IS NULL)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

The relay's query of what waits reads it instead of walking every published row (the DDL
lives in expro_shared.tables, the same for every service).
"""

from alembic import op

from expro_shared.tables import create_unpublished_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_unpublished_index()


def downgrade() -> None:
    op.drop_index("ix_outbox_unpublished", table_name="outbox")
