"""The task order (任务交办书) state machine."""

import pytest

from project_svc.task_orders.domain import HOLDS_BUDGET, NotIssuable, TaskOrderStatus, answer_funding, request_issuance

S = TaskOrderStatus


@pytest.mark.parametrize("status", [S.DRAFT, S.BLOCKED])
def test_a_draft_or_blocked_order_waits_for_funds_when_issued(status: TaskOrderStatus) -> None:
    assert request_issuance(status) is S.PENDING_FUNDS


@pytest.mark.parametrize("status", [S.PENDING_FUNDS, S.ISSUED])
def test_a_pending_or_issued_order_cannot_be_issued_again(status: TaskOrderStatus) -> None:
    with pytest.raises(NotIssuable) as refused:
        request_issuance(status)
    assert refused.value.status is status


def test_confirmed_funding_issues_the_pending_order() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-1", "saga-1", confirmed=True) is S.ISSUED


def test_issue_is_blocked_while_deposits_fall_short() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-1", "saga-1", confirmed=False) is S.BLOCKED


def test_an_answer_to_an_earlier_request_changes_nothing() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-2", "saga-1", confirmed=True) is None


@pytest.mark.parametrize("status", [S.DRAFT, S.ISSUED, S.BLOCKED])
def test_an_answer_for_an_order_not_pending_changes_nothing(status: TaskOrderStatus) -> None:
    assert answer_funding(status, "saga-1", "saga-1", confirmed=True) is None


def test_the_budget_is_held_once_an_order_is_pending_or_issued() -> None:
    assert frozenset({S.PENDING_FUNDS, S.ISSUED}) == HOLDS_BUDGET


def test_a_failed_order_may_be_issued_again() -> None:
    assert request_issuance(S.FAILED) is S.PENDING_FUNDS


def test_a_dead_lettered_saga_message_fails_only_the_pending_round() -> None:
    from project_svc.task_orders.domain import fail_issuance

    assert fail_issuance(S.PENDING_FUNDS, "saga-1", "saga-1") is S.FAILED
    assert fail_issuance(S.PENDING_FUNDS, "saga-2", "saga-1") is None
    assert fail_issuance(S.ISSUED, "saga-1", "saga-1") is None


def test_a_late_answer_still_settles_a_failed_round() -> None:
    assert answer_funding(S.FAILED, "saga-1", "saga-1", confirmed=True) is S.ISSUED
    assert answer_funding(S.FAILED, "saga-2", "saga-1", confirmed=True) is None
