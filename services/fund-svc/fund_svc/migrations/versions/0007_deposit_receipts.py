"""deposits: the row carries its Idempotency-Key, the request's hash and its receipt

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import json

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
    _carry_answers_over()


def _carry_answers_over() -> None:
    """Deposits answered before this revision have their answer in ``idempotency_keys``
    (scope ``<sub> POST …/v1/projects/<project>/deposits``): each moves onto its deposit's
    row, so a retry with such a key still replays it and the key stays taken."""
    conn = op.get_bind()
    records = conn.execute(
        sa.text(
            "SELECT scope, key, request_hash, response_body FROM idempotency_keys "
            "WHERE status_code = 201 AND scope LIKE '% POST %/deposits'"
        )
    ).all()
    for scope, key, request_hash, response_body in records:
        sub, _, path = scope.rpartition(" POST ")
        parts = path.rstrip("/").split("/")
        if len(parts) < 4 or parts[-1] != "deposits" or parts[-3] != "projects":
            continue
        try:
            deposit_id = json.loads(response_body)["id"]
        except (ValueError, KeyError, TypeError):
            continue
        conn.execute(
            sa.text(
                "UPDATE deposits SET idempotency_key = :key, request_hash = :hash, receipt = :receipt "
                "WHERE id = :id AND project_id = :project AND recorded_by = :sub AND idempotency_key IS NULL"
            ),
            {
                "key": key,
                "hash": request_hash,
                "receipt": response_body,
                "id": deposit_id,
                "project": parts[-2],
                "sub": sub,
            },
        )


def downgrade() -> None:
    op.drop_index("uq_deposits_idempotency_key", table_name="deposits")
    with op.batch_alter_table("deposits") as batch:
        for column in ("receipt", "request_hash", "idempotency_key"):
            batch.drop_column(column)
