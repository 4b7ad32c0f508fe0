"""deposits.bank_reference_key: the bank reference in comparison form, unique per project

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

Existing deposits get their key computed here (Unicode NFKC cannot be done in SQL). A
transfer recorded twice before this revision (``ICBC-1`` and ``icbc-1``) keeps both rows —
they are history — and the later one's key is suffixed with its id, so the constraint holds
and the operator can find it (``WHERE bank_reference_key LIKE '%#dup-%'``).
"""

import sqlalchemy as sa
from alembic import op

from expro_shared.normalise import comparison_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deposits") as batch:
        batch.add_column(sa.Column("bank_reference_key", sa.Text, nullable=True))
    deposits = sa.table(
        "deposits",
        sa.column("id", sa.String),
        sa.column("project_id", sa.String),
        sa.column("bank_reference", sa.String),
        sa.column("bank_reference_key", sa.Text),
        sa.column("created_at", sa.DateTime),
    )
    bind = op.get_bind()
    seen: set[tuple[str, str]] = set()
    rows = bind.execute(
        sa.select(deposits.c.id, deposits.c.project_id, deposits.c.bank_reference).order_by(
            deposits.c.created_at, deposits.c.id
        )
    )
    for id_, project_id, reference in rows.fetchall():
        key = comparison_key(reference)
        if (project_id, key) in seen:
            key = f"{key}#dup-{id_}"
        seen.add((project_id, key))
        bind.execute(sa.update(deposits).where(deposits.c.id == id_).values(bank_reference_key=key))
    with op.batch_alter_table("deposits") as batch:
        batch.alter_column("bank_reference_key", existing_type=sa.Text, nullable=False)
        batch.create_unique_constraint("uq_deposits_bank_reference_key", ["project_id", "bank_reference_key"])


def downgrade() -> None:
    with op.batch_alter_table("deposits") as batch:
        batch.drop_constraint("uq_deposits_bank_reference_key", type_="unique")
        batch.drop_column("bank_reference_key")
