"""Pure rules of housing statistics (no I/O): every figure counts by the business dates
(completed_on, signed_on, chosen_on, delivered_on), never by when a row was written."""

from __future__ import annotations

from datetime import date


def period(year: int | None) -> tuple[date, date] | None:
    """The calendar year ``year`` as a closed range of days (None: all time)."""
    return None if year is None else (date(year, 1, 1), date(year, 12, 31))
