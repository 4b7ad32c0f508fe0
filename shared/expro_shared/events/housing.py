"""Events published by housing-svc on ``expro.housing.events`` (DESIGN §7.3).

Stock events are not about one project: they carry no ``project_id`` and their subject is
``housing-stock``. Events about a household name its project.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, Field

from expro_shared.events.base import HOUSING_TOPIC, EventData

__all__ = ["HOUSING_TOPIC", "ImportedUnit", "UnitDelivered", "UnitsImported"]

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
