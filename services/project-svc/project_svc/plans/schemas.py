"""API models of compensation plans (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, Flag, IsoDate, RequestBody, Text
from project_svc.plans.domain import PlanStatus
from project_svc.plans.tables import CompensationPlanRow, HearingRow, PlanCommentRow
from project_svc.projects.schemas import ProjectID


class StandardIn(RequestBody):
    item: Text = Field(min_length=1, max_length=200, description="补偿项目 / item")
    rule: Text = Field(min_length=1, max_length=5000, description="补偿标准 / the rule or rate")


class StandardPublic(BaseModel):
    item: str
    rule: str


class PlanCreate(RequestBody):
    """拟定征收补偿方案 / draft a compensation plan."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "城南片区国有土地上房屋征收补偿方案",
                    "summary": "征收范围、补偿方式、补偿标准、奖励办法与签约期限",
                    "standards": [
                        {"item": "house_value", "rule": "按评估价格补偿"},
                        {"item": "relocation", "rule": "每户3000元"},
                    ],
                }
            ]
        },
    )
    title: Text = Field(min_length=1, max_length=200, description="标题 / title")
    summary: Text = Field(min_length=1, max_length=20000, description="方案内容摘要 / summary")
    standards: list[StandardIn] = Field(min_length=1, max_length=100, description="补偿标准 / standards [{item, rule}]")


class PlanPublish(RequestBody):
    """公布方案征求意见 / publish the plan for comment (at least 30 days, both ends counted)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"comment_from": "2023-01-01", "comment_until": "2023-01-30"}]}
    )
    comment_from: IsoDate = Field(description="征求意见起始日 / first day of the comment period")
    comment_until: IsoDate = Field(description="征求意见截止日 / last day of the comment period")


class CommentCreate(RequestBody):
    """提交意见 / submit a comment on the plan."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"author": "李四", "agrees": False, "content": "补偿标准偏低", "submitted_on": "2023-01-15"}]
        }
    )
    author: Text = Field(min_length=1, max_length=200, description="提出人 / author")
    agrees: Flag = Field(description="是否同意 / whether the author agrees with the plan")
    content: Text = Field(min_length=1, max_length=20000, description="意见内容 / content")
    submitted_on: BusinessDate = Field(description="提交日期（不晚于今天）/ the day, not in the future")


class HearingCreate(RequestBody):
    """记录听证会 / record a hearing on the plan (条例 Art. 11)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"held_on": "2023-02-10", "summary": "听证会纪要"}]})
    held_on: BusinessDate = Field(description="举行日期（不晚于今天）/ the day, not in the future")
    summary: Text = Field(min_length=1, max_length=20000, description="听证纪要 / summary")


class PlanApprove(RequestBody):
    """批准方案 / approve the plan."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"approved_on": "2023-02-20", "changes": "根据征求意见调整搬迁费标准"}]}
    )
    approved_on: BusinessDate = Field(description="批准日期（不晚于今天）/ the day, not in the future")
    changes: Text = Field(
        max_length=20000, description="根据公众意见修改的情况 / the changes made after the comments (may be empty)"
    )


class PlanPublic(BaseModel):
    id: str
    project_id: ProjectID
    title: str
    summary: str
    standards: list[StandardPublic]
    status: PlanStatus = Field(description="draft | published | approved")
    comment_from: date | None = None
    comment_until: date | None = None
    approved_on: date | None = None
    changes: str | None = None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: CompensationPlanRow) -> PlanPublic:
        return cls(
            id=p.id,
            project_id=p.project_id,
            title=p.title,
            summary=p.summary,
            standards=[StandardPublic(**s) for s in p.standards],
            status=PlanStatus(p.status),
            comment_from=p.comment_from,
            comment_until=p.comment_until,
            approved_on=p.approved_on,
            changes=p.changes,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


class CommentPublic(BaseModel):
    id: str
    project_id: ProjectID
    plan_id: str
    author: str
    agrees: bool
    content: str
    submitted_on: date
    created_at: datetime

    @classmethod
    def of(cls, c: PlanCommentRow) -> CommentPublic:
        return cls(
            id=c.id,
            project_id=c.project_id,
            plan_id=c.plan_id,
            author=c.author,
            agrees=c.agrees,
            content=c.content,
            submitted_on=c.submitted_on,
            created_at=c.created_at,
        )


class HearingPublic(BaseModel):
    id: str
    project_id: ProjectID
    plan_id: str
    held_on: date
    summary: str
    created_at: datetime

    @classmethod
    def of(cls, h: HearingRow) -> HearingPublic:
        return cls(
            id=h.id,
            project_id=h.project_id,
            plan_id=h.plan_id,
            held_on=h.held_on,
            summary=h.summary,
            created_at=h.created_at,
        )
