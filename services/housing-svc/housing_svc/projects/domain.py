"""Pure rules of the projection of projects (no I/O).

Housing keeps the projects that resettlement housing (安置房) will be allocated for, as
project-svc's events describe them; housing stock, selection rounds (lottery) and
allocation come next.
"""

from __future__ import annotations

from datetime import datetime

from expro_shared.vocabulary import BudgetCategory


class UnknownProject(Exception):
    """A fact about a project whose registration housing has not seen."""


def resettlement_housing_budget(items: list[tuple[BudgetCategory, int]]) -> int | None:
    """The budget's resettlement-housing construction money (安置房建设资金) in fen, or
    None when the budget has no such item."""
    return next((fen for category, fen in items if category is BudgetCategory.RESETTLEMENT_HOUSING), None)


def supersedes(current: datetime | None, incoming: datetime) -> bool:
    """A budget approval replaces the projected one unless it is older: an operator's
    replay of an earlier approval must not undo a later one."""
    return current is None or incoming >= current
