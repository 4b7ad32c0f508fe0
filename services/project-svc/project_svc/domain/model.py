"""Pure rules of projects, budgets and task orders (no I/O).

Regulation on Expropriation of Houses on State-owned Land (2011) Art. 12: compensation
funds are in place, in full, in a dedicated account, before the decision; the center's
rule extends this to every task order (任务交办书): no deposit, no issuance.
"""

from __future__ import annotations

from enum import StrEnum

from expro_shared.events.contracts import BudgetCategory


class ProjectStatus(StrEnum):
    """项目状态 / project status."""

    REGISTERED = "registered"  # 已登记
    BUDGETED = "budgeted"  # 预算已批准


class TaskOrderStatus(StrEnum):
    """任务交办书状态 / task order status."""

    DRAFT = "draft"  # 草稿
    PENDING_FUNDS = "pending_funds"  # 待资金确认（语义锁）
    ISSUED = "issued"  # 已签发
    BLOCKED = "blocked"  # 预存款不足被阻止


class InvalidTransition(Exception):
    """A command that the task order's current status does not allow."""


class BudgetInvalid(Exception):
    """A budget that cannot be approved."""


def required_deposit(items: list[tuple[BudgetCategory, int]]) -> int:
    """The full compensation prepayment (预存款) the owner unit must deposit: the sum of
    every earmarked category, each listed once, in fen."""
    if not items:
        raise BudgetInvalid("a budget needs at least one item")
    categories = [c for c, _ in items]
    if len(set(categories)) != len(categories):
        raise BudgetInvalid("each category may appear only once")
    if any(amount < 0 for _, amount in items):
        raise BudgetInvalid("amounts cannot be negative")
    total = sum(amount for _, amount in items)
    if total <= 0:
        raise BudgetInvalid("the required deposit must be positive")
    return total


def request_issuance(status: TaskOrderStatus) -> TaskOrderStatus:
    """A draft or blocked order goes to ``pending_funds``; fund-svc decides the rest."""
    if status not in (TaskOrderStatus.DRAFT, TaskOrderStatus.BLOCKED):
        raise InvalidTransition(f"a task order in status {status} cannot be issued")
    return TaskOrderStatus.PENDING_FUNDS


def answer_funding(
    status: TaskOrderStatus, current_saga: str | None, answer_saga: str | None, confirmed: bool
) -> TaskOrderStatus | None:
    """The status after fund-svc's answer, or None when the answer is stale (not for the
    pending request, e.g. a replay of an earlier round) and must change nothing."""
    if status is not TaskOrderStatus.PENDING_FUNDS or current_saga != answer_saga:
        return None
    return TaskOrderStatus.ISSUED if confirmed else TaskOrderStatus.BLOCKED


def can_change_budget(statuses: list[TaskOrderStatus]) -> bool:
    """The budget is frozen while an issuance is pending or once an order is issued:
    the required deposit fund-svc checked must stay the one the order was issued on."""
    return not any(s in (TaskOrderStatus.PENDING_FUNDS, TaskOrderStatus.ISSUED) for s in statuses)
