"""Events published by audit-svc on ``expro.audit.sealed``, for dashboards."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.events.base import AUDIT_TOPIC, EventData


class AuditRecordSealed(EventData):
    TYPE: ClassVar[str] = "expro.audit.record_sealed.v1"
    TOPIC: ClassVar[str] = AUDIT_TOPIC
    SUMMARY: ClassVar[str] = "审计记录已封存 / an event was sealed into the audit hash chain"

    seq: int = Field(description="链上序号 / position in the chain")
    event_id: str
    event_type: str
    source: str
    hash: str = Field(description="SHA-256 of prev_hash and the canonical event")
    prev_hash: str
    leaf_index: int | None = Field(None, description="RFC 9162 叶序号 / the record's 0-based leaf index (seq - 1)")
    leaf_hash: str | None = Field(None, description="RFC 9162 叶哈希 / SHA-256(0x00 ‖ canonical event)")
