"""API models of projects (``XCreate`` in, ``XPublic`` out). Money and areas are decimal strings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import Count, RequestBody, Text
from expro_shared.vocabulary import Area, BudgetCategory, LandType, Money
from project_svc.projects.domain import ProjectStatus
from project_svc.projects.tables import ProjectRow

ProjectID = Annotated[str, Field(description="项目标识 / project id (UUID)")]


class ProjectCreate(RequestBody):
    """登记征收项目 / register an expropriation project."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "ZS-2022-001",
                    "name": "城南片区旧城改造项目",
                    "land_type": "state_owned",
                    "district": "城南区",
                    "owner_unit": "城投公司",
                    "planned_households": 61,
                    "planned_area_m2": "13716.00",
                }
            ]
        },
    )

    code: Text = Field(min_length=1, max_length=64, description="项目编号 / project code, unique")
    name: Text = Field(min_length=1, max_length=200, description="项目名称 / project name")
    land_type: LandType = Field(description="土地类型 / state_owned (国有) or collective (集体)")
    district: Text = Field(min_length=1, max_length=100, description="属地 / district")
    owner_unit: Text = Field(min_length=1, max_length=200, description="业主单位 / owner unit")
    planned_households: Count = Field(ge=0, le=1_000_000, description="计划征收户数 / planned households")
    planned_area_m2: Area = Field(
        description="计划征收面积（平方米，最多两位小数）/ planned area in m², at most two decimals"
    )


class BudgetItemPublic(BaseModel):
    category: BudgetCategory
    amount: Money


class ProjectPublic(BaseModel):
    id: ProjectID
    code: str
    name: str
    land_type: LandType
    district: str
    owner_unit: str
    planned_households: int
    planned_area_m2: str
    status: ProjectStatus = Field(description="项目状态 / registered, budgeted")
    required_deposit: Money | None = Field(None, description="应预存金额 / required deposit, once budgeted")
    budget: list[BudgetItemPublic] = Field(default_factory=list, description="预算明细 / budget items")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: ProjectRow, budget: list[tuple[str, int]] | None = None) -> ProjectPublic:
        """The project as clients see it, with its budget lines ``(category, fen)``."""
        return cls(
            id=p.id,
            code=p.code,
            name=p.name,
            land_type=LandType(p.land_type),
            district=p.district,
            owner_unit=p.owner_unit,
            planned_households=p.planned_households,
            planned_area_m2=p.planned_area_m2,
            status=ProjectStatus(p.status),
            required_deposit=Money.maybe(p.required_deposit_fen),
            budget=[BudgetItemPublic(category=BudgetCategory(c), amount=Money(a)) for c, a in budget or []],
            created_at=p.created_at,
            updated_at=p.updated_at,
        )
