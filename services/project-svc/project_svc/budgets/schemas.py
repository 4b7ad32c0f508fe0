"""API models of budgets. Money is a yuan string."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import Money
from expro_shared.requests import RequestBody
from expro_shared.vocabulary import BudgetCategory
from project_svc.projects.schemas import BudgetItemPublic, ProjectID


class BudgetItemIn(RequestBody):
    category: BudgetCategory = Field(description="专款类别 / earmarked category")
    amount: Money = Field(description="金额（元）/ amount in yuan")


class BudgetUpdate(RequestBody):
    """批准项目预算 / approve the project budget (sets the required deposit)."""

    model_config = ConfigDict(
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


class BudgetPublic(BaseModel):
    project_id: ProjectID
    required_deposit: Money = Field(description="应预存金额（各项之和）/ required deposit: the sum of the items")
    items: list[BudgetItemPublic]
