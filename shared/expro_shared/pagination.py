"""One list envelope for every collection: ``{"items": [...], "next_cursor": ...}``.

Keyset pagination on a unique ordering — ``(created_at, id)`` for most collections, ``seq``
for the audit chain: the cursor is the opaque position of the last item returned, so pages
stay stable while rows are added.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_

from expro_shared.problems import validation_error

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="每页条数 / page size (max 500)")]
Cursor = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=500,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="翻页游标 / cursor from the previous page",
    ),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="下一页游标 / null on the last page")


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Keyset:
    """Pagination over ``columns`` (a unique ordering; the last one breaks ties)."""

    columns: tuple[Any, ...]

    def _decode(self, cursor: str) -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
            if not isinstance(values, list) or len(values) != len(self.columns):
                raise ValueError("wrong shape")
            out: list[Any] = []
            for column, value in zip(self.columns, values, strict=True):
                kind = column.type.python_type
                if kind is datetime:
                    out.append(datetime.fromisoformat(value))
                elif isinstance(value, kind) and not isinstance(value, bool):
                    out.append(value)
                else:
                    raise ValueError(f"{value!r} is not a {kind.__name__}")
            return out
        except Exception as exc:
            raise validation_error("cursor is not valid", ["query", "cursor"]) from exc

    def apply(self, stmt: Any, cursor: str | None, limit: int) -> Any:
        """Order by the columns, start after the cursor, fetch ``limit + 1`` (to know if a
        next page exists)."""
        if cursor:
            values = self._decode(cursor)
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
        nxt = _encode([getattr(rows[-1], c.key) for c in self.columns]) if more and rows else None
        return {"items": [to_item(r) for r in rows], "next_cursor": nxt}


def empty_page() -> dict[str, Any]:
    return {"items": [], "next_cursor": None}
