"""API models of deposits (``XCreate`` in, ``XPublic`` out). Money is a yuan string;
amounts must be positive."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import PositiveMoney
from expro_shared.normalise import HAS_VISIBLE_PATTERN
from expro_shared.requests import IsoDateTime, RequestBody, Text
from expro_shared.vocabulary import Money
from fund_svc.deposits.tables import DepositRow


class DepositCreate(RequestBody):
    """登记业主单位预存款 / record an owner-unit deposit."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "amount": "42065358.00",
                    "bank_reference": "ICBC-20220315-000123",
                    "payer": "城投公司",
                    "received_at": "2022-03-15T10:30:00+08:00",
                }
            ]
        },
    )
    amount: PositiveMoney = Field(description="金额（元）/ amount in yuan, > 0")
    bank_reference: str = Field(
        min_length=1,
        max_length=64,
        pattern=HAS_VISIBLE_PATTERN,
        description=(
            "银行流水号（项目内唯一，不区分大小写、全半角与不可见字符）/ bank reference, unique per project "
            "(compared ignoring case, width and invisible characters)"
        ),
    )
    payer: Text = Field(min_length=1, max_length=200, description="付款单位 / payer")
    received_at: IsoDateTime = Field(description="到账时间（含时区）/ time received, with offset")


class DepositPublic(BaseModel):
    id: str
    project_id: str
    amount: Money
    bank_reference: str
    payer: str
    received_at: datetime
    recorded_by: str
    created_at: datetime
    deposited_total: Money | None = Field(None, description="入账后累计预存 / deposits after this one (on create)")

    @classmethod
    def of(cls, d: DepositRow, total: int | None = None) -> DepositPublic:
        """The deposit as clients see it; ``total`` (fen) is the account's deposits after it."""
        return cls(
            id=d.id,
            project_id=d.project_id,
            amount=Money(d.amount_fen),
            bank_reference=d.bank_reference,
            payer=d.payer,
            received_at=d.received_at,
            recorded_by=d.recorded_by,
            created_at=d.created_at,
            deposited_total=Money.maybe(total),
        )
