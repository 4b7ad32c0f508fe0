"""the transparency log: leaf hashes on the records, the Merkle nodes, the signed checkpoints;
existing records get their leaves and nodes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 5000


def _leaf(payload: str) -> str:
    return hashlib.sha256(b"\x00" + payload.encode("utf-8")).hexdigest()


def _node(left: str, right: str) -> str:
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    with op.batch_alter_table("audit_records") as batch:
        batch.add_column(sa.Column("leaf_hash", sa.String(64), nullable=True))
    with op.batch_alter_table("chain_head") as batch:
        batch.add_column(sa.Column("edge", sa.Text, nullable=False, server_default=""))
    nodes = op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    _fill(nodes)
    with op.batch_alter_table("audit_records") as batch:
        batch.alter_column("leaf_hash", existing_type=sa.String(64), nullable=False)


def _fill(nodes: sa.Table) -> None:
    """Leaves and nodes of the records sealed before this revision, in seq order, and the
    tree's right edge on the chain head (the code here is a frozen copy of the rule in
    audit_svc.trail.domain: a migration never changes)."""
    conn = op.get_bind()
    records = sa.table("audit_records", sa.column("seq"), sa.column("payload"), sa.column("leaf_hash"))
    stack: list[tuple[int, int, str]] = []
    after, leaf_index = 0, 0
    while True:
        rows = conn.execute(
            sa.select(records.c.seq, records.c.payload)
            .where(records.c.seq > after)
            .order_by(records.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            edge = f"{leaf_index}:{''.join(h for _, _, h in stack)}"
            head = sa.text("UPDATE chain_head SET edge = :e WHERE id = 1 AND seq = :n")
            conn.execute(head, {"e": edge, "n": leaf_index})
            return
        updates, new_nodes = [], []
        for seq, payload in rows:
            h = _leaf(payload)
            updates.append({"s": seq, "h": h})
            stack.append((0, leaf_index, h))
            leaf_index += 1
            while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
                level, _, right = stack.pop()
                _, index, left = stack.pop()
                node = (level + 1, index >> 1, _node(left, right))
                stack.append(node)
                new_nodes.append({"level": node[0], "position": node[1], "hash": node[2]})
        conn.execute(
            records.update().where(records.c.seq == sa.bindparam("s")).values(leaf_hash=sa.bindparam("h")), updates
        )
        if new_nodes:
            conn.execute(nodes.insert(), new_nodes)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_table("checkpoints")
    op.drop_table("merkle_nodes")
    with op.batch_alter_table("chain_head") as batch:
        batch.drop_column("edge")
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("leaf_hash")
