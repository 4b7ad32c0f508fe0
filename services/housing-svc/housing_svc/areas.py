"""Areas (㎡) as integer hundredths of a square metre inside, a two-decimal string at the
edge, like money in fen: never a float. Pure (no I/O)."""

from __future__ import annotations

import re

from expro_shared.vocabulary import AREA_PATTERN

_AREA_RE = re.compile(AREA_PATTERN)


def parse_area(text: str) -> int:
    """``"89.5"`` → ``8950`` (hundredths of ㎡); ValueError for anything but a non-negative
    decimal with at most two places."""
    if not isinstance(text, str) or not _AREA_RE.fullmatch(text):
        raise ValueError('an area is a non-negative number of ㎡ with at most two decimals, e.g. "89.50"')
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or "0")


def format_area(centi: int) -> str:
    """``8950`` → ``"89.50"``."""
    whole, frac = divmod(centi, 100)
    return f"{whole}.{frac:02d}"


def amount_fen(area_centi: int, price_fen_per_m2: int, percent: int = 100) -> int:
    """What ``area`` costs at ``price`` per ㎡ (times ``percent``/100), in fen, rounded half
    up to the fen: integer arithmetic only."""
    numerator = area_centi * price_fen_per_m2 * percent
    return (numerator + 5_000) // 10_000
