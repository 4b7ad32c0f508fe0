"""W3C trace context (``traceparent``) carried through HTTP requests and Kafka events."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

import structlog

_TRACEPARENT_RE = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_current: ContextVar[str | None] = ContextVar("traceparent", default=None)


def parse_traceparent(header: str | None) -> tuple[str, str] | None:
    """Return ``(trace_id, parent_span_id)`` of a valid version-00 header, else None."""
    if not header:
        return None
    m = _TRACEPARENT_RE.match(header.strip().lower())
    if not m or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m.group(1), m.group(2)


def child_traceparent(parent: str | None) -> str:
    """A new span in the parent's trace, or a new trace when there is no valid parent."""
    parsed = parse_traceparent(parent)
    trace_id = parsed[0] if parsed else secrets.token_hex(16)
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"


def set_traceparent(value: str) -> None:
    _current.set(value)
    structlog.contextvars.bind_contextvars(trace_id=value.split("-")[1])


def current_traceparent() -> str:
    value = _current.get()
    if value is None:
        value = child_traceparent(None)
        set_traceparent(value)
    return value


def current_trace_id() -> str | None:
    value = _current.get()
    return value.split("-")[1] if value else None
