"""API models of verification (``XPublic`` out)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from audit_svc.trail.domain import ChainReport
from audit_svc.trail.schemas import Hash


class AuditChainReport(BaseModel):
    """哈希链校验结果 / the result of recomputing the whole chain."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"valid": True, "records": 1234, "head": "9c1f" + "0" * 60, "first_invalid_seq": None},
                {"valid": False, "records": 1234, "head": "9c1f" + "0" * 60, "first_invalid_seq": 17},
            ]
        }
    )

    valid: bool = Field(description="链完整 / every record links and recomputes, and matches the head")
    records: int = Field(description="记录数 / records checked")
    head: Hash = Field(description="链头哈希 / hash of the last record (64 zeros when empty)")
    first_invalid_seq: int | None = Field(
        None, description="首个异常序号 / seq of the first record that fails, null when valid"
    )

    @classmethod
    def of(cls, report: ChainReport) -> AuditChainReport:
        """The verdict as clients see it."""
        return cls.model_validate(report, from_attributes=True)
