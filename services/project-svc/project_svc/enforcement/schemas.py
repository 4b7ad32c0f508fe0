"""API models of enforcement (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, RequestBody, Text
from project_svc.enforcement.tables import JudicialProcedureRow
from project_svc.projects.schemas import ProjectID


class JudicialProcedureCreate(RequestBody):
    """申请人民法院强制执行 / apply to the court for enforcement (条例 Art. 28)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "household_id": "5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01",
                    "court": "城南区人民法院",
                    "filed_on": "2023-10-09",
                }
            ]
        }
    )
    household_id: Text = Field(min_length=1, max_length=36, description="被征收户标识 / household id")
    court: Text = Field(min_length=1, max_length=200, description="人民法院 / court")
    filed_on: BusinessDate = Field(description="申请日期（不晚于今天）/ the day, not in the future")


class JudicialProcedurePublic(BaseModel):
    id: str
    project_id: ProjectID
    household_id: str
    court: str
    filed_on: date
    created_at: datetime

    @classmethod
    def of(cls, j: JudicialProcedureRow) -> JudicialProcedurePublic:
        return cls(
            id=j.id,
            project_id=j.project_id,
            household_id=j.household_id,
            court=j.court,
            filed_on=j.filed_on,
            created_at=j.created_at,
        )
