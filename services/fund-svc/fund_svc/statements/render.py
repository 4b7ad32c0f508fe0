"""The statement as CSV and as PDF (fpdf2), chosen by ``Accept``. Pure formatting of the
JSON statement: the same numbers, the same order."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable

from fpdf import FPDF

from fund_svc.statements.schemas import StatementPublic

JSON, CSV, PDF = "application/json", "text/csv", "application/pdf"
_OFFERS = (JSON, CSV, PDF)
#: Where Debian/Ubuntu packages put fonts with Chinese glyphs (fonts-noto-cjk, fonts-wqy-*,
#: fonts-droid-fallback, fonts-arphic-uming), looked for when FUND_SVC_PDF_FONT is unset.
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


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


def find_font(configured: str | None) -> str | None:
    if configured:
        return configured if os.path.isfile(configured) else None
    return next((path for path in CJK_FONTS if os.path.isfile(path)), None)


class _Pdf(FPDF):
    def __init__(self, font: str | None) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.cjk = font is not None
        if font is not None:
            self.add_font("cjk", fname=font)
            self.family_name = "cjk"
        else:
            self.family_name = "helvetica"
        self.set_auto_page_break(auto=True, margin=12)

    def text_of(self, value: object) -> str:
        """Without a CJK font the built-in font holds Latin-1 only: other characters show as '?'."""
        text = str(value)
        return text if self.cjk else text.encode("latin-1", "replace").decode("latin-1")

    def row(self, cells: Iterable[object], widths: tuple[float, ...], *, bold: bool = False) -> None:
        self.set_font(self.family_name, style="B" if bold and not self.cjk else "", size=8)
        for value, width in zip(cells, widths, strict=True):
            self.cell(width, 6, self.fit(self.text_of(value), width - 1.5), border=1)
        self.ln()

    def fit(self, text: str, width: float) -> str:
        """``text`` cut to ``width`` (mm) at the current font, marked with '…' (or '..')."""
        if self.get_string_width(text) <= width:
            return text
        mark = "…" if self.cjk else ".."
        while text and self.get_string_width(text + mark) > width:
            text = text[:-1]
        return text + mark


def to_pdf(s: StatementPublic, font: str | None, *, compress: bool = True) -> bytes:
    """The statement on A4 landscape: the totals, the categories, every entry."""
    pdf = _Pdf(font)
    pdf.set_compression(compress)
    pdf.add_page()
    pdf.set_font(pdf.family_name, size=13)
    title = "项目专户对账单 / Account statement" if pdf.cjk else "Account statement"
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family_name, size=9)
    a = s.account
    for line in (
        f"project {s.project_id}  code {s.code or '-'}  owner unit {s.owner_unit}  as of {s.as_of}",
        f"required {a.required}  deposited {a.deposited}  committed {a.committed}  held {a.held}  "
        f"paid {a.paid}  available {a.available}  closed {'yes' if a.closed else 'no'}",
        f"deposits received {s.deposits_received}  refunded {s.refunded}  payables {s.payables.count} "
        f"(due {s.payables.amount}, paid {s.payables.paid}, open {s.payables.open}, overdue {s.payables.overdue})",
    ):
        pdf.cell(0, 5, pdf.text_of(line), new_x="LMARGIN", new_y="NEXT")
    if not pdf.cjk:
        pdf.cell(
            0,
            5,
            "No CJK font on this server (FUND_SVC_PDF_FONT): Chinese text shows as '?'; the JSON and CSV "
            "statements carry it in full.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    pdf.row(("category", "budget", "held", "paid", "remaining"), (60, 40, 40, 40, 40), bold=True)
    for c in s.categories:
        pdf.row((c.category.value, c.budget, c.held, c.paid, c.remaining), (60, 40, 40, 40, 40))
    pdf.ln(2)
    widths = (22, 30, 38, 34, 24, 60, 22, 22, 25)
    pdf.row(_HEADER, widths, bold=True)
    for e in s.entries:
        pdf.row(
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
            ),
            widths,
        )
    return bytes(pdf.output())
