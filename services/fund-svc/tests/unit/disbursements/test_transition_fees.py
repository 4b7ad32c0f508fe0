"""A household's monthly transition fee (pure, integer fen)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fund_svc.disbursements.domain import (
    CannotCompute,
    FeeKind,
    FeeTerms,
    area_hundredths,
    month_bounds,
    monthly_fee,
)
from fund_svc.transition_fees.domain import hundredths

PER_M2 = FeeTerms(True, 20_00, 200)  # 20.00 yuan per ㎡ a month, late ×2


def test_a_whole_month_pays_the_rate_times_the_area() -> None:
    fee = monthly_fee(PER_M2, "2022-04", date(2022, 3, 10), None, None, "80.00")
    assert fee is not None
    assert (fee.amount, fee.kind, fee.period_from, fee.period_to) == (
        1600_00,
        FeeKind.TRANSITION,
        date(2022, 4, 1),
        date(2022, 4, 30),
    )


def test_the_month_of_moving_out_is_paid_by_day_rounded_half_up() -> None:
    fee = monthly_fee(PER_M2, "2022-03", date(2022, 3, 10), None, None, "80.00")
    assert fee is not None and fee.period_from == date(2022, 3, 10)
    assert fee.amount == 1135_48  # 1600.00 × 22 / 31 = 1135.483…


def test_days_after_the_promised_delivery_are_paid_at_the_multiplier() -> None:
    may = monthly_fee(PER_M2, "2022-05", date(2022, 3, 10), date(2022, 6, 10), date(2022, 5, 15), "80.00")
    assert may is not None and may.kind is FeeKind.LATE_DELIVERY
    assert may.amount == 2425_81  # 1600.00 × (15 + 16 × 2) / 31 = 2425.806…
    june = monthly_fee(PER_M2, "2022-06", date(2022, 3, 10), date(2022, 6, 10), date(2022, 5, 15), "80.00")
    assert june is not None and (june.period_to, june.amount) == (date(2022, 6, 10), 1066_67)
    assert monthly_fee(PER_M2, "2022-07", date(2022, 3, 10), date(2022, 6, 10), date(2022, 5, 15), "80.00") is None
    assert monthly_fee(PER_M2, "2022-02", date(2022, 3, 10), None, None, "80.00") is None


def test_per_household_ignores_the_area_and_per_m2_needs_one() -> None:
    fee = monthly_fee(FeeTerms(False, 3000_00, 150), "2022-04", date(2022, 1, 1), None, None, None)
    assert fee is not None and fee.amount == 3000_00
    with pytest.raises(CannotCompute):
        monthly_fee(PER_M2, "2022-04", date(2022, 1, 1), None, None, None)


def test_months_and_decimals_are_parsed_as_text() -> None:
    assert month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert (hundredths("1.5"), hundredths("2"), area_hundredths("80.25")) == (150, 200, 8025)
    for bad in ("2022-13", "2022-3", "22-03", "0000-01", "0999-12"):
        with pytest.raises(ValueError):
            month_bounds(bad)
    for bad in ("1e3", "-1", "1.234"):
        with pytest.raises(ValueError):
            hundredths(bad)
        with pytest.raises(ValueError):
            area_hundredths(bad)


@given(
    rate=st.integers(min_value=0, max_value=10**6),
    area=st.integers(min_value=0, max_value=10**6),
    moved=st.integers(min_value=1, max_value=28),
)
def test_a_partial_month_never_pays_more_than_a_whole_one(rate: int, area: int, moved: int) -> None:
    policy = FeeTerms(True, rate, 100)
    text = f"{area // 100}.{area % 100:02d}"
    whole = monthly_fee(policy, "2022-02", date(2022, 1, 1), None, None, text)
    part = monthly_fee(policy, "2022-02", date(2022, 2, moved), None, None, text)
    assert whole is not None and part is not None
    assert part.amount <= whole.amount
    assert whole.amount == (rate * area + 50) // 100
