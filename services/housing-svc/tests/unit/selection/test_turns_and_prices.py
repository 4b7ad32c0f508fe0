"""Turns, the entitlement and the price difference: pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from housing_svc.selection import domain
from housing_svc.selection.domain import TurnState

T0 = datetime(2024, 3, 1, 1, 0, tzinfo=UTC)
W, C, S = TurnState.WAITING, TurnState.CHOSEN, TurnState.SKIPPED


def order(*states: TurnState) -> list[tuple[str, TurnState]]:
    return [(f"e{i}", s) for i, s in enumerate(states)]


def test_turn_windows_follow_each_other() -> None:
    assert domain.window(T0, 15, 0) == (T0, T0 + timedelta(minutes=15))
    assert domain.window(T0, 15, 2) == (T0 + timedelta(minutes=30), T0 + timedelta(minutes=45))


def test_before_the_start_nobody_may_choose() -> None:
    assert domain.waiting_for(order(W, W), 0, T0 - timedelta(seconds=1), T0, 10) == ["e0"]


def test_the_first_household_may_choose_at_the_start() -> None:
    assert domain.waiting_for(order(W, W), 0, T0, T0, 10) == []


def test_a_household_waits_for_earlier_ones_still_in_their_window() -> None:
    assert domain.waiting_for(order(W, W, W), 2, T0 + timedelta(minutes=5), T0, 10) == ["e0", "e1"]


def test_chosen_skipped_and_passed_households_do_not_hold_the_queue() -> None:
    at = T0 + timedelta(minutes=10)  # e0's window just ended
    assert domain.waiting_for(order(W, C, S, W), 3, at, T0, 10) == []
    assert domain.waiting_for(order(W, W, W), 2, at, T0, 10) == ["e1"]


def test_the_entitlement_is_the_entitled_area_plus_the_excess() -> None:
    assert domain.max_area(9000, 1500) == 10500


def tiers(unit: int, entitled: int = 9000, tolerance: int = 500, rate: int = 100) -> domain.PriceDifference:
    return domain.price_difference(unit, entitled, tolerance, rate, 480_000, 1_250_000)


def test_a_unit_within_the_entitlement_costs_nothing_more() -> None:
    diff = tiers(9000)
    assert [(t.tier, t.area_centi, t.amount_fen) for t in diff.tiers] == [
        ("entitled", 9000, 43_200_000),
        ("within_tolerance", 0, 0),
        ("beyond", 0, 0),
        ("shortfall", 0, 0),
    ]
    assert (diff.household_pays, diff.household_receives) == (0, 0)


def test_a_larger_unit_pays_the_band_at_the_resettlement_price_and_the_rest_at_market() -> None:
    diff = tiers(9800)  # 98 ㎡: 5 ㎡ in the band, 3 ㎡ beyond
    amounts = {t.tier: (t.area_centi, t.price_fen, t.amount_fen) for t in diff.tiers}
    assert amounts["within_tolerance"] == (500, 480_000, 2_400_000)
    assert amounts["beyond"] == (300, 1_250_000, 3_750_000)
    assert (diff.household_pays, diff.household_receives) == (6_150_000, 0)


def test_the_band_may_be_priced_at_a_rate() -> None:
    diff = tiers(9300, rate=120)  # 3 ㎡ at 4800 × 1.2 = 5760
    assert diff.tiers[1].price_fen == 576_000 and diff.household_pays == 1_728_000


def test_a_smaller_unit_refunds_the_shortfall_at_the_resettlement_price() -> None:
    diff = tiers(8000)
    assert diff.tiers[0].area_centi == 8000 and diff.tiers[3].amount_fen == 4_800_000
    assert (diff.household_pays, diff.household_receives) == (0, 4_800_000)


def test_amounts_round_half_up_to_the_fen_without_floats() -> None:
    # 0.01 ㎡ at 0.50 yuan/㎡ is half a fen: up to 1 fen; 0.01 ㎡ at 0.49 yuan is 0.49 fen: 0
    assert domain.price_difference(9001, 9000, 500, 100, 50, 50).household_pays == 1
    assert domain.price_difference(9001, 9000, 500, 100, 49, 49).household_pays == 0


def test_delivery_is_no_earlier_than_completion_and_choice() -> None:
    assert domain.delivery_earliest(date(2023, 1, 1), date(2024, 3, 1)) == date(2024, 3, 1)
    assert domain.delivery_earliest(date(2024, 6, 1), date(2024, 3, 1)) == date(2024, 6, 1)


def test_a_choice_is_no_earlier_than_the_signing_and_the_rounds_first_day_in_shanghai() -> None:
    late_evening_utc = datetime(2024, 2, 29, 17, 0, tzinfo=UTC)  # 1 March 01:00 in Shanghai
    assert domain.choice_earliest(date(2023, 3, 1), late_evening_utc) == date(2024, 3, 1)
    assert domain.choice_earliest(date(2024, 5, 1), late_evening_utc) == date(2024, 5, 1)
