"""API models of the transparency log (``XPublic`` out)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from audit_svc.proofs.handlers import ConsistencyProof, InclusionProof
from audit_svc.trail.schemas import EventID, Hash
from audit_svc.trail.tables import CheckpointRow

HashList = Annotated[list[Hash], Field(description="SHA-256 哈希（十六进制）列表 / lowercase hex hashes")]

_NOTE = (
    "expro.local/audit-svc\n3\nq1RhFvXqOvv6SPmt2IOgdVH6ki8E0JqGe3mJgypx2tk=\n\n"
    "\u2014 expro.local/audit-svc 3Zr1AVvPkq4cDvRCpm1aX3K9oXBz6pDEQ0q5zB2bJjnoRm6yYZm0m7Ihb6W"
    "b0PCf0YHuR3cT8yL3kJx9wT6yQmB7Cw==\n"
)


class CheckpointPublic(BaseModel):
    """签名检查点 / a signed checkpoint of the log (C2SP tlog-checkpoint in a signed note).

    ``note`` is ``<origin>\\n<tree size>\\n<base64 root hash>\\n``, a blank line, and one
    Ed25519 signature line ``— <key name> <base64(4-byte key hash ‖ signature)>``; check it
    with the key of ``getCheckpointKey``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "tree_size": 3,
                    "root_hash": "ab54" + "0" * 60,
                    "note": _NOTE,
                    "created_at": "2022-03-20T02:00:00.120000Z",
                }
            ]
        }
    )

    tree_size: int = Field(description="树的规模（记录数）/ records in the tree")
    root_hash: Hash = Field(description="RFC 9162 根哈希 / Merkle tree hash of the first tree_size records")
    note: str = Field(description="签名的检查点 / the C2SP signed note")
    created_at: datetime = Field(description="签发时间 / when the checkpoint was cut")

    @classmethod
    def of(cls, row: CheckpointRow) -> CheckpointPublic:
        return cls.model_validate(row, from_attributes=True)


class CheckpointKeyPublic(BaseModel):
    """检查点验证公钥 / the verifier key of the checkpoints' signatures."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "expro.local/audit-svc+dd9af501+AbCd" + "A" * 40,
                    "name": "expro.local/audit-svc",
                    "origin": "expro.local/audit-svc",
                    "algorithm": "ed25519",
                }
            ]
        }
    )

    key: str = Field(description="C2SP 验证密钥 / verifier key: <name>+<hex key hash>+<base64(0x01 ‖ public key)>")
    name: str = Field(description="密钥名 / the key name on the signature lines")
    origin: str = Field(description="日志标识 / the first line of every checkpoint")
    algorithm: str = Field(description="签名算法 / always ed25519")


class InclusionProofPublic(BaseModel):
    """包含证明 / RFC 9162 §2.1.3: the record's leaf is in the tree of ``tree_size`` leaves.

    Recompute the root from ``leaf_hash`` (``SHA-256(0x00 ‖ canonical)``), ``leaf_index``,
    ``tree_size`` and ``audit_path`` (RFC 9162 §2.1.3.2) and compare it with a signed checkpoint."""

    event_id: EventID
    leaf_index: int = Field(description="叶序号（从 0 起，按链上顺序）/ 0-based, dense, trail order")
    leaf_hash: Hash
    tree_size: int = Field(description="树的规模 / the tree the proof is for")
    root_hash: Hash = Field(description="该规模的根哈希 / the root of that tree (compare with a checkpoint)")
    audit_path: HashList

    @classmethod
    def of(cls, proof: InclusionProof) -> InclusionProofPublic:
        return cls.model_validate(proof, from_attributes=True)


class ConsistencyProofPublic(BaseModel):
    """一致性证明 / RFC 9162 §2.1.4: the tree of ``first`` leaves is a prefix of the tree of
    ``second`` (append-only: nothing sealed before was changed)."""

    first: int = Field(description="较早的规模 / the earlier tree size")
    second: int = Field(description="较晚的规模 / the later tree size")
    first_root_hash: Hash = Field(description="较早的根 / root of the first tree")
    second_root_hash: Hash = Field(description="较晚的根 / root of the second tree")
    proof: HashList

    @classmethod
    def of(cls, proof: ConsistencyProof) -> ConsistencyProofPublic:
        return cls.model_validate(proof, from_attributes=True)
