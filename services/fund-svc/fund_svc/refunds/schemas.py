"""API models of refunds (``XCreate`` in, ``XPublic`` out). Money is a yuan string;
amounts must be positive."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import PositiveMoney
from expro_shared.requests import RequestBody, Text
from expro_shared.vocabulary import Money
from fund_svc.refunds.tables import RefundRow


class RefundCreate(RequestBody):
    """申请退回预存款 / request a refund of deposits to the owner unit."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"amount": "1000.00", "reason": "多缴退回"}]})
    amount: PositiveMoney = Field(description="金额（元）/ amount in yuan, > 0")
    reason: Text = Field(min_length=1, max_length=2000, description="事由 / reason")


class RefundPublic(BaseModel):
    id: str
    project_id: str
    amount: Money
    reason: str
    status: str = Field(description="requested | completed")
    requested_by: str
    approved_by: str | None
    created_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, r: RefundRow) -> RefundPublic:
        return cls(
            id=r.id,
            project_id=r.project_id,
            amount=Money(r.amount_fen),
            reason=r.reason,
            status=r.status,
            requested_by=r.requested_by,
            approved_by=r.approved_by,
            created_at=r.created_at,
            completed_at=r.completed_at,
        )
