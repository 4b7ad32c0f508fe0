"""project-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.problems import Problem, ValidationProblem


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
