"""Pure rules of the projects projection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from expro_shared.vocabulary import BudgetCategory
from housing_svc.projects.domain import resettlement_housing_budget, supersedes

T0 = datetime(2022, 3, 15, 2, 0, tzinfo=UTC)


def test_the_housing_budget_is_the_resettlement_housing_item() -> None:
    items = [
        (BudgetCategory.COMPENSATION, 4_206_535_800),
        (BudgetCategory.RESETTLEMENT_HOUSING, 1_200_000_000),
        (BudgetCategory.WORKING_FUNDS, 50_000_000),
    ]
    assert resettlement_housing_budget(items) == 1_200_000_000


def test_a_budget_without_resettlement_housing_has_no_housing_budget() -> None:
    assert resettlement_housing_budget([(BudgetCategory.COMPENSATION, 100)]) is None


def test_a_zero_housing_item_is_kept_as_zero_not_absent() -> None:
    assert resettlement_housing_budget([(BudgetCategory.RESETTLEMENT_HOUSING, 0)]) == 0


def test_the_first_budget_approval_is_always_taken() -> None:
    assert supersedes(None, T0)


def test_a_later_approval_replaces_the_budget_and_an_earlier_one_does_not() -> None:
    assert supersedes(T0, T0 + timedelta(seconds=1))
    assert supersedes(T0, T0)
    assert not supersedes(T0, T0 - timedelta(seconds=1))
