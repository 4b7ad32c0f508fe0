"""Events published by housing-svc on ``expro.housing.events`` (DESIGN §7.3).

Stock events are not about one project: they carry no ``project_id`` and their subject is
``housing-stock``. Events about a household name its project.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, Field

from expro_shared.events.base import HOUSING_TOPIC, EventData
from expro_shared.vocabulary import Money

__all__ = [
    "HOUSING_TOPIC",
    "EligibilityGranted",
    "EligibilityReviewed",
    "ImportedUnit",
    "LotteryCommitted",
    "PriceDifferenceAssessed",
    "PriceDifferenceTier",
    "SelectionRoundCreated",
    "SelectionRoundDrawn",
    "SelectionTurnSkipped",
    "UnitAllocated",
    "UnitDelivered",
    "UnitsImported",
]

#: The subject of events about the housing stock rather than one project.
STOCK_SUBJECT = "housing-stock"


class ImportedUnit(BaseModel):
    unit_id: str
    completed_on: date = Field(description="竣工日期 / the day the unit was completed")


class UnitsImported(EventData):
    TYPE: ClassVar[str] = "expro.housing.units_imported.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置房源已导入 / resettlement units were imported into the stock"

    project_id: str | None = Field(None, description="无（房源不属于某个项目）/ none: the stock is shared")  # type: ignore[assignment]
    units: list[ImportedUnit]

    def subject(self) -> str:
        return STOCK_SUBJECT


class UnitDelivered(EventData):
    TYPE: ClassVar[str] = "expro.housing.unit_delivered.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置房已交付 / a resettlement unit was delivered to its household"

    unit_id: str
    allocation_id: str
    eligibility_id: str
    household_id: str
    agreement_id: str
    promised_delivery_on: date | None = Field(None, description="协议承诺交房日期 / as the agreement promised")
    delivered_on: date


class EligibilityGranted(EventData):
    TYPE: ClassVar[str] = "expro.housing.eligibility_granted.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置资格已确认 / a household is eligible for resettlement housing"

    eligibility_id: str
    agreement_id: str
    household_id: str
    entitled_area_m2: str = Field(description="应安置面积（㎡）/ entitled area")
    members: int = Field(description="家庭人口 / the household's members")
    signed_on: date = Field(description="协议签订日期 / the day the agreement was signed")
    reviewed: bool = Field(description="经属地审核（集体土地）/ granted by the district's review (collective land)")


class EligibilityReviewed(EventData):
    TYPE: ClassVar[str] = "expro.housing.eligibility_reviewed.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置资格已审核（集体土地村民）/ the district reviewed a collective villager's eligibility"

    eligibility_id: str
    household_id: str
    approve: bool
    reason: str
    status: str = Field(description="审核后状态 / eligible or rejected")
    reviewed_on: date = Field(description="审核日期 / the day the district reviewed it")


class SelectionRoundCreated(EventData):
    TYPE: ClassVar[str] = "expro.housing.selection_round_created.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "选房批次已创建 / a selection round was created"

    project_id: str | None = Field(None, description="无（批次可含多个项目）/ none: see project_ids")  # type: ignore[assignment]
    round_id: str
    project_ids: list[str]
    ordering: str = Field(description="signing_order | lottery")
    starts_at: datetime
    turn_minutes: int
    roster_hash: str | None = Field(None, description="按签约顺序的批次在创建时冻结名单 / signing_order rounds")

    def subject(self) -> str:
        return f"selection-round/{self.round_id}"


class LotteryCommitted(EventData):
    TYPE: ClassVar[str] = "expro.housing.lottery_committed.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "摇号种子已承诺、名单已冻结 / the lottery seed was committed and the roster frozen"

    project_id: str | None = Field(None, description="无（批次可含多个项目）/ none: see project_ids")  # type: ignore[assignment]
    round_id: str
    project_ids: list[str]
    seed_commitment: str
    roster_hash: str
    roster: list[str] = Field(description="名单（资格标识，升序）/ the frozen roster, eligibility ids sorted")

    def subject(self) -> str:
        return f"selection-round/{self.round_id}"


class SelectionRoundDrawn(EventData):
    TYPE: ClassVar[str] = "expro.housing.selection_round_drawn.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "选房顺序已摇号确定 / the selection order was drawn"

    project_id: str | None = Field(None, description="无（批次可含多个项目）/ none: see project_ids")  # type: ignore[assignment]
    round_id: str
    project_ids: list[str]
    seed: str
    beacon: str
    seed_commitment: str
    roster_hash: str
    draw_seed: str
    order: list[str] = Field(description="选房顺序（资格标识）/ eligibility ids in selection order")

    def subject(self) -> str:
        return f"selection-round/{self.round_id}"


class UnitAllocated(EventData):
    TYPE: ClassVar[str] = "expro.housing.unit_allocated.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置房已选定 / a household chose its resettlement unit"

    allocation_id: str
    round_id: str
    unit_id: str
    eligibility_id: str
    household_id: str
    agreement_id: str
    area_m2: str
    entitled_area_m2: str
    chosen_on: date


class PriceDifferenceTier(BaseModel):
    tier: str = Field(description="entitled | within_tolerance | beyond | shortfall")
    area_m2: str
    price_per_m2: Money
    amount: Money


class PriceDifferenceAssessed(EventData):
    TYPE: ClassVar[str] = "expro.housing.price_difference_assessed.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "安置差价已核定 / the price difference of an allocation was assessed"

    allocation_id: str
    unit_id: str
    eligibility_id: str
    household_id: str
    tiers: list[PriceDifferenceTier]
    household_pays: Money = Field(description="被征收人应补交 / what the household pays")
    household_receives: Money = Field(description="应退还被征收人 / what the household gets back")


class SelectionTurnSkipped(EventData):
    TYPE: ClassVar[str] = "expro.housing.selection_turn_skipped.v1"
    TOPIC: ClassVar[str] = HOUSING_TOPIC
    SUMMARY: ClassVar[str] = "被征收户放弃本轮选房 / a household passed its turn in a selection round"

    round_id: str
    eligibility_id: str
    household_id: str
