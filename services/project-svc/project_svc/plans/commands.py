"""Commands of compensation plans, their comments and hearings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DraftPlan:
    """拟定征收补偿方案 / draft a compensation plan."""

    project_id: str
    title: str
    summary: str
    standards: list[tuple[str, str]]  # (item, rule)


@dataclass(frozen=True)
class PublishPlan:
    """公布方案征求意见 / publish the plan for comment."""

    plan_id: str
    comment_from: date
    comment_until: date


@dataclass(frozen=True)
class SubmitComment:
    """提交意见 / a comment on the plan."""

    plan_id: str
    author: str
    agrees: bool
    content: str
    submitted_on: date


@dataclass(frozen=True)
class RecordHearing:
    """记录听证会 / a hearing on the plan was held."""

    plan_id: str
    held_on: date
    summary: str


@dataclass(frozen=True)
class ApprovePlan:
    """批准方案 / approve the plan (with the changes made after comments)."""

    plan_id: str
    approved_on: date
    changes: str
