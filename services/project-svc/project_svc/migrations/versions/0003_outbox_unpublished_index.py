"""outbox: ix_outbox_unpublished, the relay's index of what waits (DDL in expro_shared.tables)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from expro_shared.tables import create_unpublished_index, drop_unpublished_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_unpublished_index()


def downgrade() -> None:
    drop_unpublished_index()
