"""The trail's tables: the append-only chain of sealed events and its head."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from audit_svc.tables import AuditTable
from expro_shared.db import SeqType, UTCDateTime


class AuditRecordRow(AuditTable, table=True):
    """审计记录 / one event sealed into the hash chain. Rows are only ever appended."""

    __tablename__ = "audit_records"

    seq: int | None = Field(default=None, primary_key=True, sa_type=SeqType)
    event_id: str = Field(unique=True, max_length=36)
    event_type: str = Field(max_length=200, index=True)
    source: str = Field(max_length=200)
    subject: str = Field(max_length=200, index=True)
    actor: str = Field(max_length=200)
    event_time: datetime = Field(sa_type=UTCDateTime)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    topic: str = Field(max_length=200)
    payload: str = Field(sa_type=sa.Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    #: RFC 9162 leaf hash of ``payload``: SHA-256(0x00 ‖ payload), leaf index ``seq - 1``
    leaf_hash: str = Field(max_length=64)


class MerkleNodeRow(AuditTable, table=True):
    """默克尔树节点 / a complete subtree of the transparency log (level ≥ 1), stored when it
    completes: it covers leaves ``[position·2^level, (position+1)·2^level)``. Leaves (level 0) are
    the records' ``leaf_hash``. Rows are only ever appended."""

    __tablename__ = "merkle_nodes"

    level: int = Field(primary_key=True, sa_type=sa.SmallInteger)
    position: int = Field(primary_key=True, sa_type=sa.BigInteger)
    hash: str = Field(max_length=64)


class CheckpointRow(AuditTable, table=True):
    """签名检查点 / a signed checkpoint of the log: its size, root and the signed note."""

    __tablename__ = "checkpoints"

    tree_size: int = Field(primary_key=True, sa_type=sa.BigInteger)
    root_hash: str = Field(max_length=64)
    note: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ChainHeadRow(AuditTable, table=True):
    """链头 / the one row (id 1) holding the last sealed position; locked by each sealing,
    so concurrent writers queue behind it instead of forking the chain."""

    __tablename__ = "chain_head"

    id: int = Field(primary_key=True)
    seq: int = Field(sa_type=sa.BigInteger)
    hash: str = Field(max_length=64)
    #: the Merkle tree's right edge at ``seq`` (``root_keys(seq)``'s hashes, concatenated):
    #: sealing extends the tree without reading a node
    edge: str = Field(default="", sa_type=sa.Text)


class SealPublicationRow(AuditTable, table=True):
    """封存发布进度 / the one row (id 1) holding how far the relay has published the chain:
    each record's ``record_sealed`` is built from the record itself and sent in ``seq``
    order, so the chain is its own outbox and this cursor is its ``published_at``."""

    __tablename__ = "seal_publication"

    id: int = Field(primary_key=True)
    #: every record up to this seq has had its ``record_sealed`` acknowledged by the broker
    seq: int = Field(sa_type=sa.BigInteger)
