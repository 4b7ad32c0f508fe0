"""Request bodies take values as their schema says: a date is an ISO string, never the
integer 0; a count is a JSON integer, never the string "61" or 61.5; a flag is a
JSON boolean. FastAPI validates the decoded JSON in pydantic's lax Python mode, which would
coerce all of those; these types refuse them, so what validation accepts is exactly what the
OpenAPI documents (and fuzzers and generated clients rely on that)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Strict, StringConstraints

#: The center's calendar: business dates are days in Asia/Shanghai.
CENTER_TZ = ZoneInfo("Asia/Shanghai")


def _json_number(value: Any) -> Any:
    # JSON Schema counts 61.0 as an integer, so it passes on to int; "61" and true do not.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a JSON integer")
    return value


def _iso_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 string")
    return value


#: A calendar date as ``"2023-06-30"``.
IsoDate = Annotated[date, BeforeValidator(_iso_text)]


def center_today() -> date:
    """Today on the center's calendar (Asia/Shanghai), whatever the server's zone."""
    return datetime.now(CENTER_TZ).date()


def _not_future(value: date) -> date:
    if value > center_today():
        raise ValueError("a date on which something happened may not lie in the future (Asia/Shanghai)")
    return value


#: The date a step happened in the world (``signed_on``, ``paid_on``, …): an ISO date no later
#: than today on the center's calendar. Past steps may be entered (records since 2014).
BusinessDate = Annotated[date, BeforeValidator(_iso_text), AfterValidator(_not_future)]
#: An instant with its offset as ``"2022-03-15T10:30:00+08:00"``.
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
#: A JSON integer (``61``, or ``61.0`` which JSON Schema counts as one; never ``"61"``).
Count = Annotated[int, BeforeValidator(_json_number)]
#: A JSON boolean.
Flag = Annotated[bool, Strict()]
#: Text as people type it: any character but U+0000, which PostgreSQL cannot store (it is
#: refused on every database alike, and the schema's pattern says so).
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]


class RequestBody(BaseModel):
    """Base of every request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
