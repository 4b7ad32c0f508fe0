"""The statement's order and balance (pure), the Accept negotiation, and the CSV/PDF forms."""

from __future__ import annotations

from datetime import date

import pytest

from fund_svc.statements import render
from fund_svc.statements.domain import Entry, lines


def test_entries_run_by_business_date_money_in_first_with_the_balance_after_each() -> None:
    out = lines(
        [
            Entry(date(2022, 4, 1), "disbursement", "B2", "x", money_out=30_00),
            Entry(date(2022, 3, 15), "deposit", "D1", "y", money_in=100_00),
            Entry(date(2022, 4, 1), "deposit", "D2", "z", money_in=5_00),
            Entry(date(2022, 3, 20), "refund", "R1", "w", money_out=10_00),
        ]
    )
    assert [(ln.entry.reference, ln.balance) for ln in out] == [
        ("D1", 100_00),
        ("R1", 90_00),
        ("D2", 95_00),
        ("B2", 65_00),
    ]


@pytest.mark.parametrize(
    ("accept", "form"),
    [
        (None, render.JSON),
        ("", render.JSON),
        ("*/*", render.JSON),
        ("application/json", render.JSON),
        ("text/csv", render.CSV),
        ("text/*", render.CSV),
        ("application/pdf", render.PDF),
        ("text/csv;q=0.5, application/pdf", render.PDF),
        ("text/html, text/csv;q=0.1", render.CSV),
        ("text/html", None),
        ("application/pdf;q=0", None),
        ("application/xml, image/png", None),
    ],
)
def test_accept_picks_json_csv_or_pdf_or_nothing(accept: str | None, form: str | None) -> None:
    assert render.negotiate(accept) == form


def test_a_configured_font_that_is_missing_means_no_cjk_font(tmp_path) -> None:
    assert render.find_font(str(tmp_path / "none.ttf")) is None
