"""One list envelope for every collection: ``{"items": [...], "next_cursor": ...}``.

Keyset pagination on a unique ordering — ``(created_at, id)`` for most collections, ``seq``
for the audit chain: the cursor is the position of the last item returned, so pages stay
stable while rows are added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_

from expro_shared.problems import validation_error

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="每页条数 / page size (max 500)")]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_MAX_MICROS = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // _MICRO
_MAX_INT = 2**63 - 1
#: Hex digits each kind of ordering column takes in a cursor.
_WIDTH = {datetime: 16, int: 16, str: 32}


def _cursor(width: int, example: str) -> Any:
    return Annotated[
        str | None,
        Query(
            pattern=f"^[0-9a-f]{{{width}}}$",
            description=(
                "翻页游标（上一页的 next_cursor）/ cursor: the next_cursor of the previous page. "
                "Any value of this form is a valid position, so no well-formed cursor is refused"
            ),
            examples=[example],
        ),
    ]


#: The cursor of lists ordered by (created_at, id): 48 hex digits.
Cursor = _cursor(48, "0005daa3c1e0a8c05f0c2a9e3d7b4f6a9a1e0c8d2b7e4f11")
#: The cursor of lists ordered by a sequence number (the audit trail): 16 hex digits.
SeqCursor = _cursor(16, "00000000000004d2")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="下一页游标 / null on the last page")


def _encode(kind: type, value: Any) -> str:
    if kind is datetime:
        return f"{max(0, (value - _EPOCH) // _MICRO):016x}"
    if kind is int:
        return f"{value:016x}"
    return str(value).replace("-", "").rjust(32, "0")[:32]


def _decode(kind: type, digits: str) -> Any:
    """Every string of hex digits is a position: out-of-range values clamp to the ends."""
    number = int(digits, 16)
    if kind is datetime:
        return _EPOCH + min(number, _MAX_MICROS) * _MICRO
    if kind is int:
        return min(number, _MAX_INT)
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


@dataclass(frozen=True)
class Keyset:
    """Pagination over ``columns`` (a unique ordering; the last one breaks ties).

    The cursor is the last row's ordering values as fixed-width hex (a timestamp in
    microseconds, an integer, a UUID's 32 digits), so its schema says exactly what is valid:
    every cursor of the right form names a position, and a page after it is always an answer."""

    columns: tuple[Any, ...]

    @property
    def _kinds(self) -> list[type]:
        """datetime, int, or str (ids are UUID strings) for each ordering column."""
        kinds = [c.type.python_type for c in self.columns]
        return [k if k in (datetime, int) else str for k in kinds]

    def _values(self, cursor: str) -> list[Any]:
        widths = [_WIDTH[k] for k in self._kinds]
        if len(cursor) != sum(widths) or any(ch not in "0123456789abcdef" for ch in cursor):
            raise validation_error(f"cursor must be {sum(widths)} lowercase hex digits", ["query", "cursor"])
        values, at = [], 0
        for kind, width in zip(self._kinds, widths, strict=True):
            values.append(_decode(kind, cursor[at : at + width]))
            at += width
        return values

    def apply(self, stmt: Any, cursor: str | None, limit: int) -> Any:
        """Order by the columns, start after the cursor, fetch ``limit + 1`` (to know if a
        next page exists)."""
        if cursor:
            values = self._values(cursor)
            after = []
            for i, column in enumerate(self.columns):
                equal = [c == v for c, v in zip(self.columns[:i], values[:i], strict=True)]
                after.append(and_(*equal, column > values[i]))
            stmt = stmt.where(or_(*after))
        return stmt.order_by(*self.columns).limit(limit + 1)

    def page(self, rows: Sequence[Any], limit: int, to_item: Callable[[Any], Any]) -> dict[str, Any]:
        """The page envelope of rows fetched by ``apply``."""
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = None
        if more and rows:
            nxt = "".join(_encode(k, getattr(rows[-1], c.key)) for k, c in zip(self._kinds, self.columns, strict=True))
        return {"items": [to_item(r) for r in rows], "next_cursor": nxt}


def empty_page() -> dict[str, Any]:
    return {"items": [], "next_cursor": None}
