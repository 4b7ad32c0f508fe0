"""The statement as CSV and as PDF (the shared A4 document, ``expro_shared.pdf``), chosen by
``Accept``. Pure formatting of the JSON statement: the same numbers, the same order."""

from __future__ import annotations

import csv
import io

from expro_shared import pdf
from fund_svc.statements.schemas import StatementPublic

JSON, CSV, PDF = "application/json", "text/csv", "application/pdf"
_OFFERS = (JSON, CSV, PDF)


def negotiate(accept: str | None) -> str | None:
    """The media type to answer ``accept`` with (JSON when any will do), or None (406)."""
    if not accept or not accept.strip():
        return JSON
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in _OFFERS:
            return media
        if media in ("*/*", "application/*"):
            return JSON
        if media == "text/*":
            return CSV
    return None


_HEADER = ("date", "kind", "reference", "category", "household_id", "description", "in", "out", "balance")


def to_csv(s: StatementPublic) -> str:
    """One row per entry (by business date) after the account's totals; UTF-8, comma, quoted
    where needed, money as yuan with two decimals."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    a = s.account
    w.writerow(["project_id", s.project_id, "code", s.code or "", "owner_unit", s.owner_unit, "as_of", s.as_of])
    w.writerow(["required", a.required, "deposited", a.deposited, "committed", a.committed, "held", a.held])
    w.writerow(["paid", a.paid, "available", a.available, "closed", "yes" if a.closed else "no"])
    w.writerow(_HEADER)
    for e in s.entries:
        w.writerow(
            [
                e.on.isoformat(),
                e.kind,
                e.reference,
                e.category or "",
                e.household_id or "",
                e.description,
                e.amount_in,
                e.amount_out,
                e.balance,
            ]
        )
    return out.getvalue()


def to_pdf(s: StatementPublic, *, compress: bool = True) -> bytes:
    """The statement on A4 landscape: the account's totals, the categories, every entry."""
    a = s.account
    summary = (
        f"project {s.project_id}  code {s.code or '-'}  owner unit {s.owner_unit}  as of {s.as_of}",
        f"required {a.required}  deposited {a.deposited}  committed {a.committed}  held {a.held}  "
        f"paid {a.paid}  available {a.available}  closed {'yes' if a.closed else 'no'}",
        f"deposits received {s.deposits_received}  refunded {s.refunded}  payables {s.payables.count} "
        f"(due {s.payables.amount}, paid {s.payables.paid}, open {s.payables.open}, overdue {s.payables.overdue})",
    )
    categories = pdf.Table(
        ("category", "budget", "held", "paid", "remaining"),
        [(c.category.value, c.budget, c.held, c.paid, c.remaining) for c in s.categories],
        widths=(60, 40, 40, 40, 40),
        numeric=(1, 2, 3, 4),
        size=8,
    )
    entries = pdf.Table(
        _HEADER,
        [
            (
                e.on.isoformat(),
                e.kind,
                e.reference,
                e.category or "",
                e.household_id or "",
                e.description,
                e.amount_in,
                e.amount_out,
                e.balance,
            )
            for e in s.entries
        ],
        widths=(17, 24, 30, 30, 48, 54, 20, 20, 22),
        numeric=(6, 7, 8),
        size=8,
    )
    return pdf.document(
        "项目专户对账单 / Account statement",
        [*summary, categories, entries],
        note="金额单位：元；明细按业务日期排列。/ Amounts in yuan; entries by business date.",
        author="fund-svc",
        wide=True,
        compress=compress,
    )
