"""API models of transition fees (过渡费). Money is a yuan string; the multiplier a decimal
string with at most two places (never a float)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from expro_shared.requests import RequestBody
from expro_shared.vocabulary import Money
from fund_svc.transition_fees import domain
from fund_svc.transition_fees.tables import FeePolicyRow


class FeePolicyIn(RequestBody):
    """过渡费标准 / a project's transition-fee policy."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"basis": "per_m2", "monthly_rate": "20.00", "late_multiplier": "2"}]}
    )
    basis: Literal["per_m2", "per_household"] = Field(description="per_m2（元/㎡·月）| per_household（元/户·月）")
    monthly_rate: Money = Field(description="月标准（元）/ monthly rate in yuan")
    late_multiplier: str = Field(
        pattern=domain.MULTIPLIER_PATTERN,
        examples=["2.00"],
        description="逾期交房倍数（≥ 1，最多两位小数）/ multiplier after the promised delivery date, ≥ 1",
    )

    @field_validator("late_multiplier")
    @classmethod
    def _at_least_one(cls, value: str) -> str:
        if domain.hundredths(value) < 100:
            raise ValueError("late_multiplier must be at least 1")
        return value


class FeePolicyPublic(BaseModel):
    project_id: str
    basis: Literal["per_m2", "per_household"]
    monthly_rate: Money
    late_multiplier: str
    set_by: str
    updated_at: datetime

    @classmethod
    def of(cls, p: FeePolicyRow) -> FeePolicyPublic:
        return cls(
            project_id=p.project_id,
            basis=p.basis,  # type: ignore[arg-type]
            monthly_rate=Money(p.monthly_rate_fen),
            late_multiplier=domain.format_hundredths(p.late_multiplier_pct),
            set_by=p.set_by,
            updated_at=p.updated_at,
        )
