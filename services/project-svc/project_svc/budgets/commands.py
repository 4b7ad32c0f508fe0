"""Commands of budgets."""

from __future__ import annotations

from dataclasses import dataclass

from expro_shared.vocabulary import BudgetCategory


@dataclass(frozen=True)
class ApproveBudget:
    """批准项目预算 / approve a project's budget: amounts in fen per earmarked category."""

    project_id: str
    items: list[tuple[BudgetCategory, int]]
