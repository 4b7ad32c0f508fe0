"""fund-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.problems import Problem, ProblemError, ValidationProblem, not_found


def account_not_found() -> ProblemError:
    """专户不存在 / no account: fund-svc opens an account when project-svc's
    ``project_registered`` reaches it (or the caller may not see the project)."""
    return not_found(
        "account",
        "no account for this project: the project is unknown, or its registration has not reached fund-svc yet",
    )


class BankReferenceTaken(Problem):
    """银行流水号已登记 / this bank reference is already recorded for the project."""

    SLUG: ClassVar[str | None] = "bank-reference-taken"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Bank Reference Taken"


class DepositLimitExceeded(ValidationProblem):
    """预存款超出可记录上限 / the deposit would take the account past the largest amount the
    platform records."""

    SLUG: ClassVar[str | None] = "deposit-limit-exceeded"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Deposit Limit Exceeded"

    room: str = Field(description="尚可登记金额 / what may still be recorded (yuan)")


class RefundExceedsAvailable(Problem):
    """退回超出可用余额 / the refund would bring the deposits below the amount committed to
    issued task orders (or already disbursed)."""

    SLUG: ClassVar[str | None] = "refund-exceeds-available"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Refund Exceeds Available"

    available: str = Field(description="可退回金额 / what may still be refunded (yuan)")


class RefundNotPending(Problem):
    """退回申请已办结 / only a requested refund can be approved."""

    SLUG: ClassVar[str | None] = "refund-not-pending"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Refund Not Pending"

    current_status: str = Field(description="当前状态 / the refund's status now")


class SameApprover(Problem):
    """经办与复核须为不同人 / maker-checker: the requester cannot approve their own refund."""

    SLUG: ClassVar[str | None] = "maker-checker"
    STATUS: ClassVar[int] = 403
    TITLE: ClassVar[str] = "Maker-Checker"
