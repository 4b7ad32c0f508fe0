"""API models of the preparation (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, IsoDate, RequestBody, Text
from project_svc.preparation.domain import RiskLevel
from project_svc.preparation.tables import ExpropriationDecisionRow, PreAnnouncementRow, RiskAssessmentRow
from project_svc.projects.schemas import ProjectID


class RiskAssessmentCreate(RequestBody):
    """记录社会稳定风险评估 / record a social-stability risk assessment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"level": "low", "assessed_on": "2022-11-20", "summary": "风险等级低，可以实施"}]
        }
    )
    level: RiskLevel = Field(description="风险等级 / low, medium or high")
    assessed_on: BusinessDate = Field(description="评估日期（不晚于今天）/ the day, not in the future")
    summary: Text = Field(min_length=1, max_length=20000, description="评估结论 / summary")


class RiskAssessmentPublic(BaseModel):
    id: str
    project_id: ProjectID
    level: RiskLevel
    assessed_on: date
    summary: str
    created_at: datetime

    @classmethod
    def of(cls, r: RiskAssessmentRow) -> RiskAssessmentPublic:
        return cls(
            id=r.id,
            project_id=r.project_id,
            level=RiskLevel(r.level),
            assessed_on=r.assessed_on,
            summary=r.summary,
            created_at=r.created_at,
        )


class PreAnnouncementCreate(RequestBody):
    """发布征收预公告 / publish the pre-announcement (collective land)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"published_on": "2022-10-08", "scope": "城南村一、二组集体土地", "survey_until": "2022-11-30"}
            ]
        }
    )
    published_on: BusinessDate = Field(description="发布日期（不晚于今天）/ the day, not in the future")
    scope: Text = Field(min_length=1, max_length=20000, description="征收范围 / scope")
    survey_until: IsoDate = Field(description="土地现状调查截止日 / survey deadline (may be in the future)")


class PreAnnouncementPublic(BaseModel):
    id: str
    project_id: ProjectID
    published_on: date
    scope: str
    survey_until: date
    created_at: datetime

    @classmethod
    def of(cls, p: PreAnnouncementRow) -> PreAnnouncementPublic:
        return cls(
            id=p.id,
            project_id=p.project_id,
            published_on=p.published_on,
            scope=p.scope,
            survey_until=p.survey_until,
            created_at=p.created_at,
        )


class DecisionCreate(RequestBody):
    """记录征收决定 / record the expropriation decision."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"document_no": "城南征字〔2023〕1号", "decided_on": "2023-03-01", "announced_on": "2023-03-02"}
            ]
        }
    )
    document_no: Text = Field(min_length=1, max_length=100, description="决定文号 / document number")
    decided_on: BusinessDate = Field(description="决定日期（不晚于今天）/ the day, not in the future")
    announced_on: BusinessDate = Field(description="公告日期（不晚于今天，不早于决定日）/ the day it was announced")


class DecisionPublic(BaseModel):
    id: str
    project_id: ProjectID
    document_no: str
    decided_on: date
    announced_on: date
    created_at: datetime

    @classmethod
    def of(cls, d: ExpropriationDecisionRow) -> DecisionPublic:
        return cls(
            id=d.id,
            project_id=d.project_id,
            document_no=d.document_no,
            decided_on=d.decided_on,
            announced_on=d.announced_on,
            created_at=d.created_at,
        )
