"""One list envelope for every collection: ``{"items": [...], "next_cursor": ...}``.

Keyset pagination on ``(created_at, id)``: the cursor is the opaque position of the
last item returned, so pages stay stable while rows are added.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_

from expro_shared.problems import validation_error

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="每页条数 / page size (max 500)")]
Cursor = Annotated[str | None, Query(description="翻页游标 / cursor from the previous page")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="下一页游标 / null on the last page")


def encode_cursor(created_at: datetime, id_: str) -> str:
    raw = json.dumps([created_at.isoformat(), id_]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        ts, id_ = json.loads(raw)
        return datetime.fromisoformat(ts), str(id_)
    except Exception as exc:
        raise validation_error("cursor is not valid", ["query", "cursor"]) from exc


def keyset(stmt: Any, created_col: Any, id_col: Any, cursor: str | None, limit: int) -> Any:
    """Apply ordering, the cursor position and ``limit + 1`` (to know if a next page exists)."""
    if cursor:
        ts, id_ = decode_cursor(cursor)
        stmt = stmt.where(or_(created_col > ts, and_(created_col == ts, id_col > id_)))
    return stmt.order_by(created_col, id_col).limit(limit + 1)


def page_of(rows: list[Any], limit: int, to_item: Any, created: str = "created_at") -> dict[str, Any]:
    """The page envelope of ``keyset`` rows; ``created`` names the rows' ordering timestamp."""
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(getattr(rows[-1], created), rows[-1].id) if more and rows else None
    return {"items": [to_item(r) for r in rows], "next_cursor": nxt}
