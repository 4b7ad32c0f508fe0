"""API models of fund-svc. Money is a yuan string; amounts must be positive."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from expro_shared.events.contracts import BudgetCategory
from expro_shared.money import Money


def _positive(m: Money) -> Money:
    if m.fen <= 0:
        raise ValueError("amount must be greater than 0.00")
    return m


PositiveMoney = Annotated[Money, AfterValidator(_positive)]


class DepositCreate(BaseModel):
    """登记业主单位预存款 / record an owner-unit deposit."""

    model_config = ConfigDict(
        extra="forbid",
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
        pattern=r"^\S(.*\S)?$",
        description="银行流水号（项目内唯一）/ bank reference, unique per project",
    )
    payer: str = Field(min_length=1, max_length=200, description="付款单位 / payer")
    received_at: AwareDatetime = Field(description="到账时间（含时区）/ time received, with offset")


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


class CategoryBalance(BaseModel):
    category: BudgetCategory
    budget: Money = Field(description="预算 / earmarked budget")
    disbursed: Money = Field(description="已拨付 / disbursed")
    remaining: Money = Field(description="剩余 / budget not yet disbursed")


class AccountPublic(BaseModel):
    """项目专户 / the dedicated account of a project."""

    project_id: str
    owner_unit: str
    required: Money = Field(description="应预存 / required deposit")
    deposited: Money = Field(description="已预存（扣除退回）/ deposits net of refunds")
    shortfall: Money = Field(description="缺口 / required minus deposited, not below 0")
    fully_funded: bool = Field(description="足额到位 / deposits cover the required deposit")
    committed: Money = Field(description="已锁定（已签发任务交办书）/ locked by issued task orders")
    disbursed: Money = Field(description="已拨付 / paid out")
    available: Money = Field(description="可用（可退回）/ neither committed nor disbursed")
    categories: list[CategoryBalance]
    updated_at: datetime


class RefundCreate(BaseModel):
    """申请退回预存款 / request a refund of deposits to the owner unit."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"amount": "1000.00", "reason": "多缴退回"}]}
    )
    amount: PositiveMoney = Field(description="金额（元）/ amount in yuan, > 0")
    reason: str = Field(min_length=1, max_length=2000, description="事由 / reason")


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
