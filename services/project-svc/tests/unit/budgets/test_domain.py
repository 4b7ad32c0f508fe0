"""The required deposit (预存款) of a budget."""

import pytest

from expro_shared.vocabulary import BudgetCategory
from project_svc.budgets.domain import BudgetInvalid, required_deposit


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


def test_a_required_deposit_beyond_the_money_range_is_invalid() -> None:
    from expro_shared.money import MAX_FEN

    assert required_deposit([(BudgetCategory.COMPENSATION, MAX_FEN)]) == MAX_FEN
    with pytest.raises(BudgetInvalid, match=r"999999999999999\.99"):
        required_deposit([(BudgetCategory.COMPENSATION, MAX_FEN), (BudgetCategory.DEMOLITION, 1)])
