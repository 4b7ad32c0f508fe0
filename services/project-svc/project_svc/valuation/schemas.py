"""API models of valuation (``XCreate`` in, ``XPublic`` out). Money is a yuan string."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import PositiveMoney
from expro_shared.requests import BusinessDate, IsoDate, RequestBody, Text
from expro_shared.vocabulary import Money
from project_svc.projects.schemas import ProjectID
from project_svc.valuation.domain import SelectionMethod
from project_svc.valuation.tables import AgencySelectionRow, ValuationReportRow

AgencyName = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]


class AgencySelectionCreate(RequestBody):
    """选定评估机构 / record the selection of the valuation agency."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "method": "vote",
                    "candidates": ["甲评估公司", "乙评估公司", "丙评估公司"],
                    "selected": "乙评估公司",
                    "selected_on": "2023-03-10",
                }
            ]
        }
    )
    method: SelectionMethod = Field(description="选定方式 / vote, lottery or negotiation")
    candidates: list[AgencyName] = Field(min_length=1, max_length=100, description="候选机构 / candidate agencies")
    selected: AgencyName = Field(description="选定的机构（须为候选之一）/ the agency chosen, one of the candidates")
    selected_on: BusinessDate = Field(description="选定日期（不晚于今天）/ the day, not in the future")


class AgencySelectionPublic(BaseModel):
    id: str
    project_id: ProjectID
    method: SelectionMethod
    candidates: list[str]
    selected: str
    selected_on: date
    created_at: datetime

    @classmethod
    def of(cls, s: AgencySelectionRow) -> AgencySelectionPublic:
        return cls(
            id=s.id,
            project_id=s.project_id,
            method=SelectionMethod(s.method),
            candidates=list(s.candidates),
            selected=s.selected,
            selected_on=s.selected_on,
            created_at=s.created_at,
        )


class ValuationReportCreate(RequestBody):
    """送达评估报告 / file a household's valuation report."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "household_id": "5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01",
                    "agency": "乙评估公司",
                    "value": "1280000.00",
                    "value_date": "2023-03-02",
                    "filed_on": "2023-03-25",
                }
            ]
        }
    )
    household_id: Text = Field(min_length=1, max_length=36, description="被征收户标识 / household id")
    agency: AgencyName = Field(description="评估机构 / agency")
    value: PositiveMoney = Field(description="评估价值（元）/ assessed value in yuan")
    value_date: IsoDate = Field(description="价值时点 / the date the value refers to")
    filed_on: BusinessDate = Field(description="送达日期（不晚于今天）/ the day, not in the future")


class ValuationReportPublic(BaseModel):
    id: str
    project_id: ProjectID
    household_id: str
    agency: str
    value: Money
    value_date: date
    filed_on: date
    created_at: datetime

    @classmethod
    def of(cls, r: ValuationReportRow) -> ValuationReportPublic:
        return cls(
            id=r.id,
            project_id=r.project_id,
            household_id=r.household_id,
            agency=r.agency,
            value=Money(r.value_fen),
            value_date=r.value_date,
            filed_on=r.filed_on,
            created_at=r.created_at,
        )
