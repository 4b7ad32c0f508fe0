"""API models of verification (``XPublic`` out)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from audit_svc.trail.handlers import Verdict
from audit_svc.trail.schemas import Hash


class AuditChainReport(BaseModel):
    """哈希链校验结果 / the result of recomputing the whole chain."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "valid": True,
                    "records": 1234,
                    "head": "9c1f" + "0" * 60,
                    "first_invalid_seq": None,
                    "root_hash": "ab54" + "0" * 60,
                    "tree_valid": True,
                    "checkpoint_valid": True,
                },
                {
                    "valid": False,
                    "records": 1234,
                    "head": "9c1f" + "0" * 60,
                    "first_invalid_seq": 17,
                    "root_hash": "ab54" + "0" * 60,
                    "tree_valid": True,
                    "checkpoint_valid": False,
                },
            ]
        }
    )

    valid: bool = Field(
        description=(
            "链完整 / every record links and recomputes and matches the head, and the Merkle tree "
            "recomputed from the payloads agrees with the stored nodes and the latest checkpoint"
        )
    )
    records: int = Field(description="记录数 / records checked")
    head: Hash = Field(description="链头哈希 / hash of the last record (64 zeros when empty)")
    first_invalid_seq: int | None = Field(
        None, description="首个异常序号 / seq of the first record that fails, null when valid"
    )

    root_hash: Hash = Field(description="RFC 9162 根哈希（由全部记录重算）/ root recomputed from every record")
    tree_valid: bool = Field(description="存储的默克尔节点与重算一致 / the stored Merkle nodes give the same root")
    checkpoint_valid: bool | None = Field(
        None, description="最新检查点的根与重算一致（无检查点时为 null）/ the latest checkpoint's root recomputes"
    )

    @classmethod
    def of(cls, report: Verdict) -> AuditChainReport:
        """The verdict as clients see it."""
        return cls.model_validate(report, from_attributes=True)
