"""Pure rules of valuation (房地产价格评估, 条例 Art. 19–20), no I/O: the agency the
households chose (by vote, lottery or negotiation) is one of the candidates."""

from __future__ import annotations

from enum import StrEnum


class SelectionMethod(StrEnum):
    """评估机构选定方式 / how the valuation agency was chosen."""

    VOTE = "vote"  # 投票
    LOTTERY = "lottery"  # 抽签
    NEGOTIATION = "negotiation"  # 协商


class SelectionInvalid(Exception):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


def selection(candidates: list[str], selected: str) -> None:
    """Distinct candidates, and the selected agency among them."""
    if len(set(candidates)) != len(candidates):
        raise SelectionInvalid("candidates", "each candidate agency is listed once")
    if selected not in candidates:
        raise SelectionInvalid("selected", "the selected agency is one of the candidates")
