"""Cursors say exactly what they accept: every cursor of the documented form is a position,
a page's next_cursor names its last row, and anything else is a 422."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col

from expro_shared.pagination import Keyset
from expro_shared.problems import ProblemError
from expro_shared.tables import DeadLetter, OutboxRecord

BY_TIME = Keyset((col(DeadLetter.failed_at), col(DeadLetter.id)))
BY_SEQ = Keyset((col(OutboxRecord.seq),))


@given(st.from_regex(r"\A[0-9a-f]{48}\Z"))
def test_every_well_formed_cursor_is_a_position(cursor: str) -> None:
    failed_at, id_ = BY_TIME._values(cursor)
    assert failed_at.tzinfo is not None and uuid.UUID(id_)


@given(st.from_regex(r"\A[0-9a-f]{16}\Z"))
def test_every_well_formed_sequence_cursor_is_a_position(cursor: str) -> None:
    (seq,) = BY_SEQ._values(cursor)
    assert 0 <= seq < 2**63


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 1, 1), timezones=st.just(UTC)),
    st.uuids(version=4),
)
def test_a_next_cursor_names_the_last_row_of_the_page(when: datetime, id_: uuid.UUID) -> None:
    rows = [SimpleNamespace(failed_at=when, id=str(id_)), SimpleNamespace(failed_at=when, id="later")]
    cursor = BY_TIME.page(rows, 1, lambda r: r)["next_cursor"]
    assert re.fullmatch(r"[0-9a-f]{48}", cursor)
    assert BY_TIME._values(cursor) == [when, str(id_)]


@pytest.mark.parametrize("cursor", ["!!", "0", "W1siMjAyMiJdXQ", "A" * 48, "0" * 47, "0" * 16])
def test_anything_else_is_refused(cursor: str) -> None:
    with pytest.raises(ProblemError) as refused:
        BY_TIME._values(cursor)
    assert refused.value.status == 422 and refused.value.extensions["errors"][0]["loc"] == ["query", "cursor"]
