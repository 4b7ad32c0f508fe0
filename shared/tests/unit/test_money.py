"""Money at the edge: yuan strings with at most two decimals, integer fen inside."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from expro_shared.money import Money, format_fen, parse_yuan

MAX_FEN = 10**17 - 1


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_formatting_then_parsing_gives_back_the_same_fen(fen: int) -> None:
    text = format_fen(fen)
    assert parse_yuan(text) == fen
    assert text.count(".") == 1 and len(text.split(".")[1]) == 2


@given(st.integers(min_value=0, max_value=10**15 - 1), st.integers(min_value=0, max_value=9))
def test_one_decimal_means_tenths_of_a_yuan(whole: int, tenth: int) -> None:
    assert parse_yuan(f"{whole}.{tenth}") == whole * 100 + tenth * 10


@pytest.mark.parametrize(
    "text",
    [
        "1.234",
        "1e5",
        "1E2",
        "-1.00",
        "+1",
        "NaN",
        "nan",
        "Infinity",
        "",
        " 1",
        "1 ",
        "1,000.00",
        "1.",
        ".5",
        "0x10",
        "1_000",
        "１２",
        "1000000000000000",
    ],
)
def test_malformed_amounts_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_the_center_s_2022_compensation_total_is_exact() -> None:
    assert parse_yuan("42065358.00") == 4206535800
    assert format_fen(4206535800) == "42065358.00"


def test_negative_fen_formats_with_a_sign() -> None:
    assert format_fen(-5) == "-0.05"


class Body(BaseModel):
    amount: Money


@pytest.mark.parametrize("value", [100, 1.5, True, None, "1.001", "-3", "1e3", "NaN"])
def test_json_numbers_and_bad_strings_never_become_money(value: object) -> None:
    with pytest.raises(ValidationError):
        Body.model_validate({"amount": value})


def test_money_serialises_as_a_two_decimal_string() -> None:
    body = Body.model_validate_json('{"amount": "12.5"}')
    assert body.amount == Money(1250)
    assert body.model_dump_json() == '{"amount":"12.50"}'


def test_floats_cannot_be_money() -> None:
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
