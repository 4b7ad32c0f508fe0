"""The audit hash chain (审计留痕), pure: canonical form, sealing and verification (no I/O).

Each record's ``hash`` is ``sha256(prev_hash + payload)`` in hex, where ``payload`` is the
canonical JSON of the whole CloudEvent and ``prev_hash`` is the previous record's hash
(64 zeros for the first). Changing, removing or reordering any sealed record breaks
every link after it, so one recomputation from the start finds the first bad record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import orjson

GENESIS = "0" * 64


def canonical_json(document: dict[str, Any]) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(prev_hash: str, payload: str) -> str:
    """The hash that links ``payload`` after ``prev_hash``."""
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


class Link(NamedTuple):
    """One sealed record as stored: the columns that queries use, the payload, the links.
    A named tuple: verification builds one per record, and a tuple is the cheapest to build."""

    seq: int
    event_id: str
    event_type: str
    source: str
    subject: str
    actor: str
    event_time: datetime
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Head:
    """The chain head as recorded beside the chain: the last sealed position and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class ChainReport:
    valid: bool
    records: int
    head: str
    first_invalid_seq: int | None


class ChainWalk:
    """Recomputes the chain batch by batch, in ``seq`` order (so it can stream)."""

    def __init__(self) -> None:
        self.records = 0
        self.last_seq = 0
        self.last_hash = GENESIS
        self.first_invalid_seq: int | None = None

    def extend(self, links: Iterable[Link]) -> None:
        """Walk on over ``links``, the next records in order (one call per batch of a stream)."""
        expected, last_seq, records = self.last_hash, self.last_seq, self.records
        first_invalid = self.first_invalid_seq
        for link in links:
            if first_invalid is None and not _intact(link, expected):
                first_invalid = link.seq
            expected, last_seq = link.hash, link.seq
            records += 1
        self.first_invalid_seq = first_invalid
        self.last_hash, self.last_seq, self.records = expected, last_seq, records

    def report(self, head: Head | None = None) -> ChainReport:
        """The verdict; ``head`` also catches records cut off the end of the chain."""
        first_invalid = self.first_invalid_seq
        at_head = head is None or (head.seq, head.hash) == (self.last_seq, self.last_hash)
        if first_invalid is None and not at_head:
            assert head is not None
            first_invalid = _first_disagreement(head, self.last_seq)
        return ChainReport(
            valid=first_invalid is None,
            records=self.records,
            head=self.last_hash,
            first_invalid_seq=first_invalid,
        )


def verify(links: list[Link], head: Head | None = None) -> ChainReport:
    """Recompute a whole chain given in ``seq`` order."""
    walk = ChainWalk()
    walk.extend(links)
    return walk.report(head)


def _intact(link: Link, expected_prev: str) -> bool:
    """Linked to its predecessor, hash recomputes, and the queried columns match the payload."""
    if link.prev_hash != expected_prev or seal(link.prev_hash, link.payload) != link.hash:
        return False
    try:
        event = orjson.loads(link.payload)
        return (
            event.get("id") == link.event_id
            and event.get("type") == link.event_type
            and event.get("source") == link.source
            and event.get("subject") == link.subject
            and event.get("actor") == link.actor
            and datetime.fromisoformat(event["time"]) == link.event_time
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def _first_disagreement(head: Head, last_seq: int) -> int:
    if head.seq > last_seq:
        return last_seq + 1  # records sealed after last_seq are missing
    if head.seq < last_seq:
        return head.seq + 1  # records after the head were never sealed through it
    return head.seq  # same position, different hash: the head or the last record was altered
