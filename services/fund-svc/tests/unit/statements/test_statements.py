"""The statement's order and balance (pure), the Accept negotiation, and the CSV/PDF forms."""

from __future__ import annotations

from datetime import date

import pytest

from fund_svc.statements import render
from fund_svc.statements.domain import Entry, lines
from tests.support import pdf_lines, pdf_text


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


def test_the_pdf_sets_chinese_in_the_built_in_cjk_font_and_wraps_long_text_in_its_cell() -> None:
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
        description="测绘费" * 100,
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
    pdf = render.to_pdf(statement, compress=False)
    assert pdf.startswith(b"%PDF-") and b"/BaseFont /STSong-Light" in pdf
    text = pdf_text(pdf)  # the content stream's glyph codes: each character's UCS-2 code
    assert "项目专户对账单 / Account statement" in text and "owner unit 城投公司" in text
    # nothing is cut: the long reference and description are there in full, over several lines
    assert "REF-" + "9" * 60 in text and "测绘费" * 100 in text
    wrapped = [line for line in pdf_lines(pdf) if "99" in line or "测绘费" in line]
    assert len(wrapped) > 4 and all(len(line) < 60 for line in wrapped)
    assert pdf_text(render.to_pdf(statement)) == text  # compressed by default: the same text
