"""API models of the trail (``XPublic`` out)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from audit_svc.trail.tables import AuditRecordRow

EventID = Annotated[str, Field(description="事件标识 / CloudEvent id (UUID)")]
Hash = Annotated[str, Field(description="SHA-256（十六进制）/ SHA-256 in hex", min_length=64, max_length=64)]


class AuditRecordPublic(BaseModel):
    """审计记录 / one event sealed into the hash chain.

    Anyone can check a record: ``hash`` = SHA-256 of ``prev_hash`` followed by ``payload``
    (UTF-8), and ``prev_hash`` is the ``hash`` of the record before it (64 zeros for the first).
    The same records are the leaves of an RFC 9162 Merkle tree: ``leaf_hash`` =
    SHA-256(0x00 ‖ ``canonical``) at ``leaf_index`` (``seq`` − 1); prove it with
    ``getInclusionProof`` against a signed checkpoint."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seq": 1,
                    "event_id": "5f0c2a9e-3d7b-4f6a-9a1e-0c8d2b7e4f11",
                    "event_type": "expro.fund.deposit_recorded.v1",
                    "source": "/fund-svc",
                    "subject": "0b6f3c1e-6a1f-4c3e-9a51-2f1d6f2b7c10",
                    "actor": "finance-01",
                    "event_time": "2022-03-20T02:00:00Z",
                    "recorded_at": "2022-03-20T02:00:00.120000Z",
                    "topic": "expro.fund.events",
                    "payload": '{"actor":"finance-01","data":{"...":"..."},"id":"5f0c2a9e-...","...":"..."}',
                    "prev_hash": "0" * 64,
                    "hash": "9c1f" + "0" * 60,
                    "leaf_index": 0,
                    "canonical": '{"actor":"finance-01","data":{"...":"..."},"id":"5f0c2a9e-...","...":"..."}',
                    "leaf_hash": "4e07" + "0" * 60,
                }
            ]
        }
    )

    seq: int = Field(description="链上序号 / position in the chain, from 1, without gaps")
    event_id: EventID
    event_type: str = Field(description="事件类型 / e.g. expro.fund.deposit_recorded.v1")
    source: str = Field(description="来源服务 / producing service, e.g. /fund-svc")
    subject: str = Field(description="项目标识 / the project id")
    actor: str = Field(description="操作人 / sub of the user, or the service name")
    event_time: datetime = Field(description="发生时间 / when the event happened")
    recorded_at: datetime = Field(description="封存时间 / when it was sealed")
    topic: str = Field(description="主题 / Kafka topic of the event type")
    payload: str = Field(description="规范化 JSON（被哈希的原文）/ the canonical CloudEvent JSON, exactly as hashed")
    prev_hash: Hash
    hash: Hash
    leaf_index: int = Field(
        description="叶序号（从 0 起，按链上顺序，无间隙）/ RFC 9162 leaf index: 0-based, dense, trail order"
    )
    canonical: str = Field(description="被哈希的叶原文（UTF-8）/ the exact string hashed as the leaf (= payload)")
    leaf_hash: Hash = Field(description="RFC 9162 叶哈希 / SHA-256(0x00 ‖ canonical UTF-8)")

    @classmethod
    def of(cls, r: AuditRecordRow) -> AuditRecordPublic:
        """The sealed record as clients see it."""
        assert r.seq is not None
        return cls(
            seq=r.seq,
            event_id=r.event_id,
            event_type=r.event_type,
            source=r.source,
            subject=r.subject,
            actor=r.actor,
            event_time=r.event_time,
            recorded_at=r.recorded_at,
            topic=r.topic,
            payload=r.payload,
            prev_hash=r.prev_hash,
            hash=r.hash,
            leaf_index=r.seq - 1,
            canonical=r.payload,
            leaf_hash=r.leaf_hash,
        )
