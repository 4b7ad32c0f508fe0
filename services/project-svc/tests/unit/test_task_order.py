"""The task order (任务交办书) state machine and the required deposit."""

import pytest

from expro_shared.events.contracts import BudgetCategory
from project_svc.domain.model import (
    BudgetInvalid,
    InvalidTransition,
    TaskOrderStatus,
    answer_funding,
    can_change_budget,
    request_issuance,
    required_deposit,
)

S = TaskOrderStatus


@pytest.mark.parametrize("status", [S.DRAFT, S.BLOCKED])
def test_a_draft_or_blocked_order_waits_for_funds_when_issued(status: TaskOrderStatus) -> None:
    assert request_issuance(status) is S.PENDING_FUNDS


@pytest.mark.parametrize("status", [S.PENDING_FUNDS, S.ISSUED])
def test_a_pending_or_issued_order_cannot_be_issued_again(status: TaskOrderStatus) -> None:
    with pytest.raises(InvalidTransition):
        request_issuance(status)


def test_confirmed_funding_issues_the_pending_order() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-1", "saga-1", confirmed=True) is S.ISSUED


def test_issue_is_blocked_while_deposits_fall_short() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-1", "saga-1", confirmed=False) is S.BLOCKED


def test_an_answer_to_an_earlier_request_changes_nothing() -> None:
    assert answer_funding(S.PENDING_FUNDS, "saga-2", "saga-1", confirmed=True) is None


@pytest.mark.parametrize("status", [S.DRAFT, S.ISSUED, S.BLOCKED])
def test_an_answer_for_an_order_not_pending_changes_nothing(status: TaskOrderStatus) -> None:
    assert answer_funding(status, "saga-1", "saga-1", confirmed=True) is None


def test_the_required_deposit_is_the_sum_of_the_categories() -> None:
    items = [(BudgetCategory.COMPENSATION, 4206535800), (BudgetCategory.TEMPORARY_RESETTLEMENT, 116800000)]
    assert required_deposit(items) == 4323335800


@pytest.mark.parametrize(
    "items",
    [[], [(BudgetCategory.COMPENSATION, 1), (BudgetCategory.COMPENSATION, 2)], [(BudgetCategory.DEMOLITION, 0)]],
)
def test_an_empty_duplicated_or_zero_budget_is_invalid(items: list[tuple[BudgetCategory, int]]) -> None:
    with pytest.raises(BudgetInvalid):
        required_deposit(items)


def test_the_budget_is_frozen_once_an_order_is_pending_or_issued() -> None:
    assert can_change_budget([S.DRAFT, S.BLOCKED])
    assert not can_change_budget([S.DRAFT, S.PENDING_FUNDS])
    assert not can_change_budget([S.ISSUED])
