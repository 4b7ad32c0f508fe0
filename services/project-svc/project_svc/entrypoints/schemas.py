"""API models of project-svc (``XCreate`` in, ``XPublic`` out). Money is a yuan string."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from expro_shared.events.contracts import BudgetCategory, LandType
from expro_shared.money import Money
from project_svc.domain.model import ProjectStatus, TaskOrderStatus

ProjectID = Annotated[str, Field(description="项目标识 / project id (UUID)")]
TaskOrderID = Annotated[str, Field(description="任务交办书标识 / task order id (UUID)")]
_AREA_RE = re.compile(r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$")


class ProjectCreate(BaseModel):
    """登记征收项目 / register an expropriation project."""

    model_config = ConfigDict(
        extra="forbid",
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

    code: str = Field(min_length=1, max_length=64, description="项目编号 / project code, unique")
    name: str = Field(min_length=1, max_length=200, description="项目名称 / project name")
    land_type: LandType = Field(description="土地类型 / state_owned (国有) or collective (集体)")
    district: str = Field(min_length=1, max_length=100, description="属地 / district")
    owner_unit: str = Field(min_length=1, max_length=200, description="业主单位 / owner unit")
    planned_households: int = Field(ge=0, le=1_000_000, description="计划征收户数 / planned households")
    planned_area_m2: str = Field(
        description="计划征收面积（平方米，最多两位小数）/ planned area in m², at most two decimals",
        examples=["13716.00"],
    )

    @field_validator("planned_area_m2")
    @classmethod
    def _area(cls, v: str) -> str:
        if not _AREA_RE.fullmatch(v):
            raise ValueError("area must be a non-negative decimal string with at most two decimals")
        whole, _, frac = v.partition(".")
        return f"{whole}.{frac.ljust(2, '0')}"


class BudgetItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: BudgetCategory = Field(description="专款类别 / earmarked category")
    amount: Money = Field(description="金额（元）/ amount in yuan")


class BudgetUpdate(BaseModel):
    """批准项目预算 / approve the project budget (sets the required deposit)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"category": "compensation", "amount": "42065358.00"},
                        {"category": "working_funds", "amount": "500000.00"},
                    ]
                }
            ]
        },
    )
    items: list[BudgetItemIn] = Field(min_length=1, max_length=7, description="预算明细 / budget items")


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


class BudgetPublic(BaseModel):
    project_id: ProjectID
    required_deposit: Money = Field(description="应预存金额（各项之和）/ required deposit: the sum of the items")
    items: list[BudgetItemPublic]


class TaskOrderCreate(BaseModel):
    """起草任务交办书 / draft a task order."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"title": "城南片区房屋征收任务", "scope": "61户国有土地上房屋征收", "due_date": "2023-06-30"}]
        },
    )
    title: str = Field(min_length=1, max_length=200, description="标题 / title")
    scope: str = Field(min_length=1, max_length=10000, description="任务范围 / scope of work")
    due_date: date = Field(description="完成期限 / due date")


class TaskOrderPublic(BaseModel):
    id: TaskOrderID
    project_id: ProjectID
    title: str
    scope: str
    due_date: date
    status: TaskOrderStatus = Field(description="draft | pending_funds | issued | blocked")
    required: Money | None = Field(None, description="应预存 / required deposit checked")
    deposited: Money | None = Field(None, description="已预存 / deposits when decided")
    shortfall: Money | None = Field(None, description="缺口（被阻止时）/ shortfall, when blocked")
    requested_at: datetime | None = None
    issued_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
