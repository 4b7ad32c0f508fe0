"""Pure rules of compensation plans (征收补偿方案), no I/O.

条例 Art. 10 and 土地管理法 Art. 47: the plan is published for comment for at least 30
days. Art. 11: when most comments find it non-compliant, a hearing is held before the plan
is approved. A plan is approved only after its comment period has ended. Dates are business
dates (Asia/Shanghai calendar days); a period counts both its first and its last day.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from project_svc.projects.domain import Step, StepMissing, earliest, require_step

#: The shortest comment period, in days (条例 Art. 10; 土地管理法 Art. 47).
MIN_COMMENT_DAYS = 30


class PlanStatus(StrEnum):
    """方案状态 / plan status."""

    DRAFT = "draft"  # 拟定
    PUBLISHED = "published"  # 公布征求意见
    APPROVED = "approved"  # 已批准


class PlanNotInStatus(Exception):
    """The plan's status does not allow the step (an approved plan takes no comment)."""

    def __init__(self, status: PlanStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class CommentPeriodTooShort(Exception):
    def __init__(self, days: int) -> None:
        super().__init__(f"the comment period is {days} days; at least {MIN_COMMENT_DAYS} are required")
        self.days = days


class OutsideCommentPeriod(Exception):
    def __init__(self, comment_from: date, comment_until: date) -> None:
        super().__init__(f"comments are taken from {comment_from.isoformat()} to {comment_until.isoformat()}")
        self.comment_from = comment_from
        self.comment_until = comment_until


class CommentPeriodOpen(Exception):
    def __init__(self, comment_until: date) -> None:
        super().__init__(f"the comment period runs until {comment_until.isoformat()}; approve after it")
        self.comment_until = comment_until


def period_days(comment_from: date, comment_until: date) -> int:
    """Days of a period, both ends included (1 March to 30 March is 30 days)."""
    return (comment_until - comment_from).days + 1


def _published(status: PlanStatus, what: str) -> None:
    if status is PlanStatus.DRAFT:
        raise StepMissing(Step.PLAN_PUBLICATION, f"the plan has not been published for comment, so no {what}")
    if status is PlanStatus.APPROVED:
        raise PlanNotInStatus(status, f"the plan is approved already, so no {what}")


def publish(status: PlanStatus, comment_from: date, comment_until: date) -> PlanStatus:
    """A draft is published for at least ``MIN_COMMENT_DAYS`` days."""
    if status is not PlanStatus.DRAFT:
        raise PlanNotInStatus(status, f"only a draft plan is published; this one is {status.value}")
    days = period_days(comment_from, comment_until)
    if days < MIN_COMMENT_DAYS:
        raise CommentPeriodTooShort(days)
    return PlanStatus.PUBLISHED


def comment(status: PlanStatus, comment_from: date | None, comment_until: date | None, submitted_on: date) -> None:
    """A comment on a published plan, submitted within its period."""
    _published(status, "comment")
    assert comment_from is not None and comment_until is not None, "a published plan has its period"
    if not comment_from <= submitted_on <= comment_until:
        raise OutsideCommentPeriod(comment_from, comment_until)


def hearing(status: PlanStatus, comment_from: date | None, held_on: date) -> None:
    """A hearing on a published plan, held once it was published."""
    _published(status, "hearing")
    require_step(Step.PLAN_PUBLICATION, comment_from, held_on)


def hearing_required(agreeing: int, disagreeing: int) -> bool:
    """条例 Art. 11: most comments disagree (more than half of them)."""
    return disagreeing > agreeing


def approve(
    status: PlanStatus,
    comment_until: date | None,
    approved_on: date,
    agreeing: int,
    disagreeing: int,
    hearings_held_on: list[date],
) -> PlanStatus:
    """A published plan is approved after its period; with a hearing held on or before the
    approval when most comments disagree."""
    _published(status, "approval")
    assert comment_until is not None, "a published plan has its period"
    if approved_on <= comment_until:
        raise CommentPeriodOpen(comment_until)
    if hearing_required(agreeing, disagreeing):
        require_step(Step.HEARING, earliest(hearings_held_on), approved_on)
    return PlanStatus.APPROVED
