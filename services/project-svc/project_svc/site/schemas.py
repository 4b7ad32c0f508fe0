"""API models of the site (``XCreate`` in, ``XPublic`` out). Areas are 2-decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, Count, RequestBody, Text
from expro_shared.vocabulary import Area
from project_svc.projects.schemas import ProjectID
from project_svc.site.tables import ClearanceRow, DemolitionRow, SettlementRow

HouseholdRef = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[^\x00]*$")]


class DemolitionCreate(RequestBody):
    """记录拆除 / record a demolition."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "demolished_on": "2023-07-01",
                    "area_m2": "1260.50",
                    "buildings": 3,
                    "household_ids": ["5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01"],
                    "contractor": "城建拆除工程公司",
                }
            ]
        },
    )
    demolished_on: BusinessDate = Field(description="拆除日期（不晚于今天）/ the day, not in the future")
    area_m2: Area = Field(description="拆除面积（㎡）/ area demolished, m²")
    buildings: Count = Field(ge=0, le=100_000, description="栋数 / buildings demolished")
    household_ids: list[HouseholdRef] = Field(
        max_length=1000, description="被征收户（非住宅可为空）/ the households whose houses these were; may be empty"
    )
    contractor: Text = Field(min_length=1, max_length=200, description="拆除单位 / contractor")


class DemolitionPublic(BaseModel):
    id: str
    project_id: ProjectID
    demolished_on: date
    area_m2: str
    buildings: int
    household_ids: list[str]
    contractor: str
    created_at: datetime

    @classmethod
    def of(cls, d: DemolitionRow) -> DemolitionPublic:
        return cls(
            id=d.id,
            project_id=d.project_id,
            demolished_on=d.demolished_on,
            area_m2=d.area_m2,
            buildings=d.buildings,
            household_ids=list(d.household_ids),
            contractor=d.contractor,
            created_at=d.created_at,
        )


class ClearanceCreate(RequestBody):
    """记录腾地 / record cleared land."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"cleared_on": "2023-08-01", "area_mu": "20.58"}]})
    cleared_on: BusinessDate = Field(description="腾地日期（不晚于今天）/ the day, not in the future")
    area_mu: Area = Field(description="腾地面积（亩）/ area cleared, mu")


class ClearancePublic(BaseModel):
    id: str
    project_id: ProjectID
    cleared_on: date
    area_mu: str
    created_at: datetime

    @classmethod
    def of(cls, c: ClearanceRow) -> ClearancePublic:
        return cls(
            id=c.id, project_id=c.project_id, cleared_on=c.cleared_on, area_mu=c.area_mu, created_at=c.created_at
        )


class SettlementCreate(RequestBody):
    """申请结算 / request the project's settlement."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"requested_on": "2023-09-01"}]})
    requested_on: BusinessDate = Field(description="申请日期（不晚于今天）/ the day, not in the future")


class SettlementPublic(BaseModel):
    id: str
    project_id: ProjectID
    requested_on: date
    created_at: datetime

    @classmethod
    def of(cls, s: SettlementRow) -> SettlementPublic:
        return cls(id=s.id, project_id=s.project_id, requested_on=s.requested_on, created_at=s.created_at)
