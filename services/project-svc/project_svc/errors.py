"""project-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.problems import Problem, ProblemError, ValidationProblem
from project_svc.projects.domain import AlreadyRecorded, LandTypeMismatch, StepMissing


class ProjectCodeTaken(Problem):
    """项目编号已存在 / another project already has this code."""

    SLUG: ClassVar[str | None] = "project-code-taken"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Project Code Taken"


class BudgetFrozen(Problem):
    """预算已冻结 / the budget cannot change while a task order is pending funds or issued."""

    SLUG: ClassVar[str | None] = "budget-frozen"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Budget Frozen"


class BudgetInvalid(ValidationProblem):
    """预算不合规 / the budget breaks a rule its schema cannot state: at least one item, each
    category once, a positive total within the money range."""

    SLUG: ClassVar[str | None] = "budget-invalid"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Budget Invalid"


class BudgetNotApproved(Problem):
    """预算未批准 / the project has no approved budget, so no required deposit to check."""

    SLUG: ClassVar[str | None] = "budget-not-approved"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Budget Not Approved"


class TaskOrderNotIssuable(Problem):
    """任务交办书当前状态不可签发 / only a draft or blocked task order can be issued."""

    SLUG: ClassVar[str | None] = "task-order-not-issuable"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Task Order Not Issuable"

    current_status: str = Field(description="当前状态 / the order's status now")


class DepositShortfallProblem(Problem):
    """预存款不足 / the owner unit's deposits fall short of the required deposit (DESIGN §5)."""

    SLUG: ClassVar[str | None] = "deposit-shortfall"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Deposit Shortfall"

    required: str = Field(description="应存金额 / required deposit (yuan)")
    deposited: str = Field(description="已存金额 / deposited (yuan)")
    shortfall: str = Field(description="缺口 / shortfall (yuan)")
    task_order_id: str | None = None


class IssuanceFailed(Problem):
    """签发流程失败 / a message of the issuance saga could not be handled (dead-lettered);
    the order is ``failed`` with the reason and may be issued again."""

    SLUG: ClassVar[str | None] = "issuance-failed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Issuance Failed"

    task_order_id: str
    reason: str = Field(description="失败原因 / the consumer and error of the dead letter")


# --- DESIGN §7.1: refusals of the lifecycle's steps.


class StepMissingProblem(Problem):
    """缺少前置环节 / the step needs an earlier one that has not happened by this step's date:
    `missing` names it (e.g. `expropriation_decision`, `plan_approval`, `move_out`)."""

    SLUG: ClassVar[str | None] = "step-missing"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Step Missing"

    missing: str = Field(
        description=(
            "缺少的环节 / the missing step: risk_assessment, plan_publication, hearing, plan_approval, "
            "funding (no issued task order), expropriation_decision, agreement_or_compensation_decision, "
            "compensation_decision, move_out, clearance"
        )
    )
    household_id: str | None = Field(None, description="缺少该环节的被征收户 / the household it is missing for")


class StepAlreadyRecorded(Problem):
    """该环节已记录 / a step that happens once (per project or household) is already recorded."""

    SLUG: ClassVar[str | None] = "step-already-recorded"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Step Already Recorded"

    step: str = Field(
        description=(
            "已记录的环节 / the step recorded already: expropriation_decision, compensation_decision, "
            "move_out, settlement"
        )
    )


class AgreementExists(Problem):
    """该户已签订补偿协议 / the household already has a compensation agreement."""

    SLUG: ClassVar[str | None] = "agreement-exists"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Agreement Exists"

    household_id: str


class CompensationInvalid(ValidationProblem):
    """补偿条款不合规 / terms a schema cannot state: a positive total within the money range;
    a property exchange names its entitled area and promised delivery (money does not); no
    deadline before the day the terms were signed or decided."""

    SLUG: ClassVar[str | None] = "compensation-invalid"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Compensation Invalid"


class LandTypeMismatchProblem(Problem):
    """土地类型不符 / a collective-land step on a state-owned project."""

    SLUG: ClassVar[str | None] = "land-type-mismatch"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Land Type Mismatch"

    land_type: str = Field(description="项目的土地类型 / the project's land type")


class CommentPeriodTooShort(Problem):
    """征求意见期限不足30日 / the comment period is under 30 days (条例 Art. 10; 土地管理法 Art. 47)."""

    SLUG: ClassVar[str | None] = "comment-period-too-short"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Comment Period Too Short"

    days: int = Field(description="所给期限天数（含首尾）/ days of the period given, both ends included")
    minimum: int = Field(description="最少天数 / the minimum")


class OutsideCommentPeriod(Problem):
    """不在征求意见期内 / the comment was submitted outside the plan's comment period."""

    SLUG: ClassVar[str | None] = "outside-comment-period"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Outside Comment Period"

    comment_from: str
    comment_until: str


class CommentPeriodOpen(Problem):
    """征求意见期未届满 / the plan cannot be approved until its comment period has ended."""

    SLUG: ClassVar[str | None] = "comment-period-open"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Comment Period Open"

    comment_until: str


class PlanNotInStatus(Problem):
    """方案状态不允许此操作 / the plan's status does not allow this (e.g. it is approved already)."""

    SLUG: ClassVar[str | None] = "plan-not-in-status"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Plan Not In Status"

    current_status: str = Field(description="方案当前状态 / draft, published or approved")


class MoveOutDeadlineNotPassed(Problem):
    """搬迁期限未届满 / court enforcement may be applied for only after the decision's move-out
    deadline (条例 Art. 28)."""

    SLUG: ClassVar[str | None] = "move-out-deadline-not-passed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Move-Out Deadline Not Passed"

    move_out_deadline: str
    household_id: str


def step_refused(exc: StepMissing | AlreadyRecorded | LandTypeMismatch) -> ProblemError:
    """The problem answering a refusal of the shared lifecycle rules (``projects.domain``)."""
    if isinstance(exc, StepMissing):
        return StepMissingProblem.error(str(exc), missing=exc.missing.value, household_id=exc.household_id)
    if isinstance(exc, AlreadyRecorded):
        return StepAlreadyRecorded.error(str(exc), step=exc.step.value)
    return LandTypeMismatchProblem.error(str(exc), land_type=exc.land_type)
