"""Money: integer fen (分) inside, a decimal yuan string with two places at the edge.

The one module that converts between the two. Floats never touch money: parsing is
done on the text itself, never through float() or Decimal arithmetic on binary values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

#: Up to 15 digits of yuan (below 10^15 yuan), and at most two decimals.
YUAN_PATTERN = r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$"
#: The same, greater than zero ("0", "0.0" and "0.00" excluded).
POSITIVE_YUAN_PATTERN = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,14}(\.[0-9]{1,2})?)$"
_YUAN_RE = re.compile(YUAN_PATTERN)
#: The largest amount the platform records, in fen (999999999999999.99 yuan): every sum an
#: account or a budget keeps is bounded by it, so each stays a valid Money string in events.
MAX_FEN = 10**17 - 1


def parse_yuan(text: str) -> int:
    """Parse a non-negative yuan string such as ``"42065358.5"`` into fen (``4206535850``).

    Rejects signs, exponents, NaN/Infinity, more than two decimals, spaces and empty text.
    """
    if not isinstance(text, str):
        raise TypeError('money must be a string of yuan, e.g. "1000.00"')
    if not _YUAN_RE.fullmatch(text):
        raise ValueError('money must be a non-negative yuan amount with at most two decimals, e.g. "1000.00"')
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or "0")


def format_fen(fen: int) -> str:
    """Format fen as a yuan string with exactly two decimals (negative amounts keep their sign)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("fen must be an int")
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount of money in fen. In JSON it is a yuan string with two decimals."""

    fen: int

    def __post_init__(self) -> None:
        if isinstance(self.fen, bool) or not isinstance(self.fen, int):
            raise TypeError("Money holds integer fen")

    @classmethod
    def parse(cls, text: str) -> Money:
        return cls(parse_yuan(text))

    @classmethod
    def maybe(cls, fen: int | None) -> Money | None:
        """``Money(fen)``, or None for a column that is not set."""
        return None if fen is None else cls(fen)

    @property
    def yuan(self) -> str:
        return format_fen(self.fen)

    def __str__(self) -> str:
        return self.yuan

    @classmethod
    def fits(cls, fen: int) -> bool:
        """True when ``fen`` is within the recorded range (0 to ``MAX_FEN``)."""
        return 0 <= fen <= MAX_FEN

    def __add__(self, other: Money) -> Money:
        return Money(self.fen + other.fen)

    def __sub__(self, other: Money) -> Money:
        return Money(self.fen - other.fen)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        from_str = core_schema.no_info_after_validator_function(cls.parse, core_schema.str_schema(strict=True))
        return core_schema.json_or_python_schema(
            json_schema=from_str,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_str],
                custom_error_type="money",
                custom_error_message=('money must be a string of yuan with at most two decimals, e.g. "1000.00"'),
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: m.yuan, return_schema=core_schema.str_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": YUAN_PATTERN,
            "description": "金额（元，最多两位小数）/ amount in yuan, at most two decimals",
            "examples": ["42065358.00"],
        }


def _positive(m: Money) -> Money:
    if m.fen <= 0:
        raise ValueError("amount must be greater than 0.00")
    return m


#: An amount of money greater than 0.00 (deposits, refunds, disbursements); its JSON schema
#: says so too, so generated clients and fuzzers know "0" is refused.
PositiveMoney = Annotated[
    Money,
    AfterValidator(_positive),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": POSITIVE_YUAN_PATTERN,
            "description": "金额（元，大于 0，最多两位小数）/ amount in yuan, > 0, at most two decimals",
            "examples": ["42065358.00"],
        }
    ),
]
