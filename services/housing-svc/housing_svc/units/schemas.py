"""API models of the housing stock (``XPublic`` out). Areas are ㎡ strings with two
decimals, prices yuan strings per ㎡."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.vocabulary import Money
from housing_svc.areas import format_area
from housing_svc.units.domain import UnitStatus
from housing_svc.units.tables import UnitRow


class UnitPublic(BaseModel):
    """安置房 / a unit of the resettlement stock."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7c1f0c9e-2b1e-4f43-9a3d-5d7e1f0c2b11",
                    "community": "幸福家园",
                    "building": "3栋",
                    "unit_no": "1-502",
                    "floor": 5,
                    "layout": "两室一厅",
                    "area_m2": "89.50",
                    "resettlement_price_per_m2": "4800.00",
                    "market_price_per_m2": "12500.00",
                    "completed_on": "2023-12-20",
                    "status": "available",
                    "imported_by": "housing-01",
                    "imported_at": "2024-01-05T02:00:00Z",
                    "delivered_on": None,
                }
            ]
        }
    )

    id: str
    community: str = Field(description="小区 / community")
    building: str = Field(description="楼栋 / building")
    unit_no: str = Field(description="房号 / unit number")
    floor: int = Field(description="楼层 / floor")
    layout: str = Field(description="户型 / layout")
    area_m2: str = Field(description="建筑面积（㎡）/ floor area")
    resettlement_price_per_m2: Money = Field(description="安置价（元/㎡）/ resettlement price per ㎡")
    market_price_per_m2: Money = Field(description="市场价（元/㎡）/ market price per ㎡")
    completed_on: date = Field(description="竣工日期 / completion date")
    status: UnitStatus = Field(description="available | allocated | delivered")
    imported_by: str
    imported_at: datetime
    delivered_on: date | None = Field(None, description="交付日期 / delivery date, once delivered")

    @classmethod
    def of(cls, u: UnitRow) -> UnitPublic:
        return cls(
            id=u.id,
            community=u.community,
            building=u.building,
            unit_no=u.unit_no,
            floor=u.floor,
            layout=u.layout,
            area_m2=format_area(u.area_centi),
            resettlement_price_per_m2=Money(u.resettlement_price_fen),
            market_price_per_m2=Money(u.market_price_fen),
            completed_on=u.completed_on,
            status=UnitStatus(u.status),
            imported_by=u.imported_by,
            imported_at=u.imported_at,
            delivered_on=u.delivered_on,
        )


class UnitsImportedPublic(BaseModel):
    """导入结果 / what an import added."""

    imported: int = Field(description="导入套数 / units added")
    unit_ids: list[str] = Field(description="新房源标识，按文件行序 / the new units' ids, in file order")
