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


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.mark.skipif(not __import__("os").path.isfile(DEJAVU), reason="no TrueType font on this machine")
def test_a_configured_font_is_embedded_and_long_text_is_cut_to_its_cell() -> None:
    from fund_svc.ledger.schemas import AccountPublic
    from fund_svc.statements.schemas import PayablesSummary, StatementEntry, StatementPublic

    zero = "0.00"
    account = AccountPublic.model_validate(
        {
            "project_id": "p",
            "owner_unit": "城投公司",
            "required": zero,
            "deposited": "10.00",
            "shortfall": zero,
            "fully_funded": False,
            "committed": zero,
            "disbursed": zero,
            "held": zero,
            "paid": zero,
            "available": "10.00",
            "closed": False,
            "settled_on": None,
            "settled_refund": None,
            "categories": [],
            "updated_at": "2022-03-15T00:00:00Z",
        }
    )
    entry = StatementEntry(
        on=date(2022, 3, 15),
        kind="deposit",
        reference="REF-" + "9" * 60,
        description="x" * 300,
        category=None,
        household_id=None,
        amount_in="10.00",
        amount_out=zero,
        balance="10.00",
    )
    statement = StatementPublic(
        project_id="p",
        code=None,
        owner_unit="城投公司",
        as_of=date(2022, 3, 16),
        account=account,
        deposits_received="10.00",
        refunded=zero,
        categories=[],
        entries=[entry],
        pending=[],
        payables=PayablesSummary(count=0, amount=zero, paid=zero, open=zero, overdue=0),
    )
    assert render.find_font(DEJAVU) == DEJAVU
    pdf = render.to_pdf(statement, DEJAVU, compress=False)
    assert pdf.startswith(b"%PDF-") and b"DejaVu" in pdf
    plain = render.to_pdf(statement, None, compress=False)
    assert b"x" * 300 not in plain and b"xxxxxxxxxx.." in plain
