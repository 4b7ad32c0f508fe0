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


class AccountClosed(Problem):
    """专户已结算关闭 / the account was settled: no money comes in or goes out any more."""

    SLUG: ClassVar[str | None] = "account-closed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Account Closed"


class CategoryBudgetExceeded(Problem):
    """超出专款类别预算 / the disbursement exceeds what the category's budget still leaves
    (budget − held − paid): 专款专用."""

    SLUG: ClassVar[str | None] = "category-budget-exceeded"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Category Budget Exceeded"

    category: str
    remaining: str = Field(description="该类别剩余预算 / the category's remaining budget (yuan)")


class InsufficientFunds(Problem):
    """专户资金不足 / the disbursement exceeds the money deposited and not yet paid or held:
    the owner unit deposits first (足额到位)."""

    SLUG: ClassVar[str | None] = "insufficient-funds"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Insufficient Funds"

    unheld: str = Field(description="可预留金额 / deposited − paid − held (yuan)")


class PayableMissing(Problem):
    """无对应应付款 / the compensation disbursement names an agreement or decision whose
    payable fund-svc does not have: the agreement's signing (or the decision) comes first."""

    SLUG: ClassVar[str | None] = "payable-missing"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Payable Missing"


class PayableExceeded(Problem):
    """超出应付余额 / the disbursement exceeds what the payable still leaves open
    (amount − held − paid)."""

    SLUG: ClassVar[str | None] = "payable-exceeded"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Payable Exceeded"

    open: str = Field(description="应付未付且未预留 / still open (yuan)")


class DisbursementNotRequested(Problem):
    """拨付不在待审核状态 / only a requested disbursement can be reviewed."""

    SLUG: ClassVar[str | None] = "disbursement-not-requested"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Disbursement Not Requested"

    current_status: str = Field(description="当前状态 / the disbursement's status now")


class DisbursementNotReviewed(Problem):
    """拨付尚未审核 / the leader approves only a disbursement finance has reviewed (and that
    the review left for the leader)."""

    SLUG: ClassVar[str | None] = "disbursement-not-reviewed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Disbursement Not Reviewed"

    current_status: str = Field(description="当前状态 / the disbursement's status now")


class DisbursementNotApproved(Problem):
    """拨付尚未批准 / only an approved disbursement can be paid: review (and, at or above
    the threshold, the leader's approval) come first."""

    SLUG: ClassVar[str | None] = "disbursement-not-approved"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Disbursement Not Approved"

    current_status: str = Field(description="当前状态 / the disbursement's status now")


class DisbursementClosed(Problem):
    """拨付已办结 / a paid or rejected disbursement cannot be rejected."""

    SLUG: ClassVar[str | None] = "disbursement-closed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Disbursement Closed"

    current_status: str = Field(description="当前状态 / the disbursement's status now")


class FeePolicyMissing(Problem):
    """未设定过渡费标准 / the project has no transition-fee policy: set it first
    (``PUT /v1/projects/{id}/transition-fee-policy``)."""

    SLUG: ClassVar[str | None] = "transition-fee-policy-missing"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Transition Fee Policy Missing"


class StatementNotAcceptable(Problem):
    """无法以所请求的格式提供 / the statement is served as application/json, text/csv or
    application/pdf only (``Accept``)."""

    SLUG: ClassVar[str | None] = "not-acceptable"
    STATUS: ClassVar[int] = 406
    TITLE: ClassVar[str] = "Not Acceptable"


class SettlementNotRequested(Problem):
    """尚未申请结算 / project-svc's settlement request (``settlement_requested``) has not reached
    fund-svc: the project's settlement is requested first."""

    SLUG: ClassVar[str | None] = "settlement-not-requested"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Settlement Not Requested"


class DisbursementsPending(Problem):
    """尚有待支付的拨付 / disbursements still hold money: pay or reject them before settlement."""

    SLUG: ClassVar[str | None] = "disbursements-pending"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Disbursements Pending"

    held: str = Field(description="仍预留金额 / still held (yuan)")


class PayablesOutstanding(Problem):
    """尚有未付清的应付款 / households are still owed compensation: pay them before settlement."""

    SLUG: ClassVar[str | None] = "payables-outstanding"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Payables Outstanding"

    count: int = Field(description="未付清笔数 / payables not fully paid")
