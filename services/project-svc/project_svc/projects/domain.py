"""Pure rules of projects (no I/O): a project's status, and the lifecycle's steps and the
gates every capability shares (a step names the earlier step it needs, compared by the
business dates both carry)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class ProjectStatus(StrEnum):
    """项目状态 / project status."""

    REGISTERED = "registered"  # 已登记
    BUDGETED = "budgeted"  # 预算已批准


class Step(StrEnum):
    """一个征收环节 / a step of the lifecycle (DESIGN §7.1), as a refusal names it."""

    RISK_ASSESSMENT = "risk_assessment"  # 社会稳定风险评估
    PLAN_PUBLICATION = "plan_publication"  # 方案公布征求意见
    HEARING = "hearing"  # 听证
    PLAN_APPROVAL = "plan_approval"  # 方案批准
    FUNDING = "funding"  # 资金到位（已签发的任务交办书）
    EXPROPRIATION_DECISION = "expropriation_decision"  # 征收决定
    AGREEMENT_OR_COMPENSATION_DECISION = "agreement_or_compensation_decision"  # 协议或补偿决定
    COMPENSATION_DECISION = "compensation_decision"  # 补偿决定
    MOVE_OUT = "move_out"  # 腾房
    CLEARANCE = "clearance"  # 腾地
    SETTLEMENT = "settlement"  # 结算


class StepMissing(Exception):
    """A step is refused because an earlier one has not happened (by the step's own date)."""

    def __init__(self, missing: Step, detail: str, household_id: str | None = None) -> None:
        super().__init__(detail)
        self.missing = missing
        self.household_id = household_id


class AlreadyRecorded(Exception):
    """A step that happens once (per project or per household) was already recorded."""

    def __init__(self, step: Step, detail: str) -> None:
        super().__init__(detail)
        self.step = step


class LandTypeMismatch(Exception):
    """A step of the other procedure: collective-land steps on state-owned land."""

    def __init__(self, land_type: str, detail: str) -> None:
        super().__init__(detail)
        self.land_type = land_type


def require_step(step: Step, happened_on: date | None, on: date, household_id: str | None = None) -> None:
    """The gate of a step dated ``on``: ``step`` must have happened (``happened_on``) on or
    before that day; both are business dates, so a past step entered today is judged by the
    dates the two really happened."""
    if happened_on is None:
        raise StepMissing(step, f"{step.value.replace('_', ' ')} has not been recorded", household_id)
    if happened_on > on:
        raise StepMissing(
            step,
            f"{step.value.replace('_', ' ')} happened on {happened_on.isoformat()}, after {on.isoformat()}",
            household_id,
        )


def earliest(dates: list[date]) -> date | None:
    """The first of the days a (repeatable) step happened, or None when it never did."""
    return min(dates) if dates else None


def require_collective(land_type: str, what: str) -> None:
    """Pre-announcements and land agreements belong to collective land (土地管理法 Art. 47–48)."""
    if land_type != "collective":
        raise LandTypeMismatch(land_type, f"{what} applies to collective land only; this project is {land_type}")
