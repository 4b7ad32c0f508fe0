"""Pure rules of task orders (任务交办书), no I/O: the issuance saga's state machine.

No deposit, no issuance: a task order is issued only when fund-svc, on its own committed
ledger, confirms the owner unit's deposits cover the required deposit (DESIGN §5).
"""

from __future__ import annotations

from enum import StrEnum


class TaskOrderStatus(StrEnum):
    """任务交办书状态 / task order status."""

    DRAFT = "draft"  # 草稿
    PENDING_FUNDS = "pending_funds"  # 待资金确认（语义锁）
    ISSUED = "issued"  # 已签发
    BLOCKED = "blocked"  # 预存款不足被阻止


#: Orders in these states hold the project's budget: the required deposit fund-svc checks
#: (or checked) must stay the one the order was issued on.
HOLDS_BUDGET = frozenset({TaskOrderStatus.PENDING_FUNDS, TaskOrderStatus.ISSUED})


class NotIssuable(Exception):
    """The order's current status does not allow an issuance request."""

    def __init__(self, status: TaskOrderStatus) -> None:
        super().__init__(f"a task order in status {status} cannot be issued")
        self.status = status


def request_issuance(status: TaskOrderStatus) -> TaskOrderStatus:
    """A draft or blocked order goes to ``pending_funds``; fund-svc decides the rest."""
    if status not in (TaskOrderStatus.DRAFT, TaskOrderStatus.BLOCKED):
        raise NotIssuable(status)
    return TaskOrderStatus.PENDING_FUNDS


def answer_funding(
    status: TaskOrderStatus, current_saga: str | None, answer_saga: str | None, confirmed: bool
) -> TaskOrderStatus | None:
    """The status after fund-svc's answer, or None when the answer is stale (not for the
    pending request, e.g. a replay of an earlier round) and must change nothing."""
    if status is not TaskOrderStatus.PENDING_FUNDS or current_saga != answer_saga:
        return None
    return TaskOrderStatus.ISSUED if confirmed else TaskOrderStatus.BLOCKED
