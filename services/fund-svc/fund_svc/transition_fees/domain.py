"""Pure rules of transition fees (过渡费), no I/O: what one household is paid for one month.

A household is in transition from the day it moved out to the day its resettlement unit is
delivered (both counted). The policy pays ``monthly_rate`` per ㎡ of the agreement's area
(``per_m2``) or per household (``per_household``) for a whole month, pro rata by day for a
partial one; each day after the promised delivery date is paid ``late_multiplier`` times.
Integer arithmetic throughout (fen, hundredths of ㎡, hundredths of the multiplier), rounded
half up once at the end."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fund_svc.disbursements.domain import FeeKind

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
MULTIPLIER_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,2})?$"
_MULTIPLIER = re.compile(MULTIPLIER_PATTERN)
_AREA = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


class Basis(StrEnum):
    PER_M2 = "per_m2"  # 按面积（元/㎡·月）
    PER_HOUSEHOLD = "per_household"  # 按户（元/户·月）


@dataclass(frozen=True)
class FeePolicy:
    basis: Basis
    monthly_rate: int  # fen
    late_multiplier: int  # hundredths (2.00 → 200)


@dataclass(frozen=True)
class MonthlyFee:
    kind: FeeKind
    period_from: date
    period_to: date
    amount: int  # fen


def hundredths(text: str) -> int:
    """``"1.5"`` → 150: a non-negative decimal with at most two places, never via float."""
    if not (_MULTIPLIER.fullmatch(text) or _AREA.fullmatch(text)):
        raise ValueError(f"not a decimal with at most two places: {text!r}")
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or "0")


def format_hundredths(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """``"2022-03"`` → (2022-03-01, 2022-03-31)."""
    if not re.fullmatch(MONTH_PATTERN, month):
        raise ValueError("month must look like 2022-03")
    year, number = int(month[:4]), int(month[5:])
    if year < 1:
        raise ValueError("month must look like 2022-03")
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


class CannotCompute(Exception):
    """The household's fee cannot be computed (e.g. ``per_m2`` without a known area)."""


def monthly_fee(
    policy: FeePolicy,
    month: str,
    moved_out_on: date,
    delivered_on: date | None,
    promised_delivery_on: date | None,
    area_m2: str | None,
) -> MonthlyFee | None:
    """The household's fee for ``month``, or None when it was not in transition that month."""
    first, last = month_bounds(month)
    start = max(first, moved_out_on)
    end = min(last, delivered_on) if delivered_on is not None else last
    if start > end:
        return None
    days = (end - start).days + 1
    late = 0
    if promised_delivery_on is not None:
        late_from = max(start, promised_delivery_on + timedelta(days=1))
        late = max(0, (end - late_from).days + 1)
    weighted = (days - late) * 100 + late * policy.late_multiplier  # day-hundredths
    days_in_month = (last - first).days + 1
    if policy.basis is Basis.PER_M2:
        if area_m2 is None:
            raise CannotCompute("per_m2 needs the household's area, and no agreement or decision gave one")
        numerator = policy.monthly_rate * hundredths(area_m2) * weighted
        denominator = 100 * 100 * days_in_month
    else:
        numerator = policy.monthly_rate * weighted
        denominator = 100 * days_in_month
    amount = (2 * numerator + denominator) // (2 * denominator)
    kind = FeeKind.LATE_DELIVERY if late else FeeKind.TRANSITION
    return MonthlyFee(kind, start, end, amount)
