"""Pure rules of transition-fee policies (过渡费标准), no I/O: the basis and the late-delivery
multiplier, a decimal with at most two places kept in hundredths (never a float). What a
household is paid for a month is the disbursements' rule (``fund_svc.disbursements.domain``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MULTIPLIER_PATTERN = r"^[1-9][0-9]{0,2}(\.[0-9]{1,2})?$"
_MULTIPLIER = re.compile(MULTIPLIER_PATTERN)


class Basis(StrEnum):
    PER_M2 = "per_m2"  # 按面积（元/㎡·月）
    PER_HOUSEHOLD = "per_household"  # 按户（元/户·月）


@dataclass(frozen=True)
class FeePolicy:
    basis: Basis
    monthly_rate: int  # fen
    late_multiplier: int  # hundredths (2.00 → 200)


def hundredths(text: str) -> int:
    """``"1.5"`` → 150."""
    if not _MULTIPLIER.fullmatch(text):
        raise ValueError(f"not a decimal with at most two places: {text!r}")
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or "0")


def format_hundredths(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"
