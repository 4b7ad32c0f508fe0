"""Pure rules of budgets (no I/O): the required deposit and when a budget may change.

Regulation on Expropriation of Houses on State-owned Land (2011) Art. 12: compensation
funds are in place, in full, in a dedicated account, before the decision; the center's
rule extends this to every task order (任务交办书): the required deposit (预存款) is the
whole budget, deposited before issuance.
"""

from __future__ import annotations

from expro_shared.money import MAX_FEN, format_fen
from expro_shared.vocabulary import BudgetCategory


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
    if total > MAX_FEN:
        raise BudgetInvalid(
            f"the required deposit (the sum of the items) may not exceed {format_fen(MAX_FEN)} yuan, "
            "the largest amount the platform records"
        )
    return total
