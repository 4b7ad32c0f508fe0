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
