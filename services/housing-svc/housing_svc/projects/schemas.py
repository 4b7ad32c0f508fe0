"""API models of the projection of projects (``XPublic`` out). Money is a yuan string."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.vocabulary import LandType, Money
from housing_svc.projects.tables import ProjectRow

ProjectID = Annotated[str, Field(description="项目标识 / project id (UUID)")]


class HousingProjectPublic(BaseModel):
    """安置房源所属征收项目 / a project as housing-svc knows it (projected from project-svc)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6f3c1e-6a1f-4c3e-9a51-2f1d6f2b7c10",
                    "code": "ZS-2022-001",
                    "name": "城南片区旧城改造项目",
                    "land_type": "state_owned",
                    "district": "城南区",
                    "owner_unit": "城投公司",
                    "registered_at": "2022-03-01T02:00:00Z",
                    "required_deposit": "42565358.00",
                    "resettlement_housing_budget": "12000000.00",
                    "budget_approved_at": "2022-03-15T02:00:00Z",
                    "updated_at": "2022-03-15T02:00:01Z",
                }
            ]
        }
    )

    id: ProjectID
    code: str = Field(description="项目编号 / project code")
    name: str = Field(description="项目名称 / project name")
    land_type: LandType = Field(description="土地类型 / state_owned (国有) or collective (集体)")
    district: str = Field(description="属地 / district")
    owner_unit: str = Field(description="业主单位 / owner unit")
    registered_at: datetime = Field(description="登记时间 / when project-svc registered it")
    required_deposit: Money | None = Field(None, description="应预存金额 / required deposit, once budgeted")
    resettlement_housing_budget: Money | None = Field(
        None, description="安置房建设资金预算 / resettlement-housing construction budget, if any"
    )
    budget_approved_at: datetime | None = Field(None, description="预算批准时间 / when the budget was approved")
    updated_at: datetime

    @classmethod
    def of(cls, p: ProjectRow) -> HousingProjectPublic:
        """The projected project as clients see it."""

        return cls(
            id=p.id,
            code=p.code,
            name=p.name,
            land_type=LandType(p.land_type),
            district=p.district,
            owner_unit=p.owner_unit,
            registered_at=p.registered_at,
            required_deposit=Money.maybe(p.required_deposit_fen),
            resettlement_housing_budget=Money.maybe(p.resettlement_housing_fen),
            budget_approved_at=p.budget_approved_at,
            updated_at=p.updated_at,
        )
