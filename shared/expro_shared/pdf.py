"""A4 documents as PDF (ReportLab) for every service: a title, paragraphs, tables with a
header row, a closing note. Pure formatting: text and numbers in, bytes out.

All text is set in ReportLab's built-in CID font STSong-Light (Adobe-GB1, encoding
UniGB-UCS2-H): Chinese and Latin alike, no font file needed or embedded; PDF readers render it
with their own Song typeface. In the content streams every character is its UCS-2 code (two
bytes, big-endian)."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape

FONT = "STSong-Light"
MARGIN_MM = 15
_PADDING = 4  # points, left and right in a table cell


@functools.cache
def _kit() -> Any:
    """ReportLab, imported (and the font registered) on the first document, not at start-up:
    it and Pillow cost each service that imports this module some 7 MB it mostly never uses."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as Grid

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return SimpleNamespace(
        colors=colors,
        A4=A4,
        landscape=landscape,
        ParagraphStyle=ParagraphStyle,
        mm=mm,
        pdfmetrics=pdfmetrics,
        Paragraph=Paragraph,
        SimpleDocTemplate=SimpleDocTemplate,
        TableStyle=TableStyle,
        Grid=Grid,
        title=ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=6),
        note=ParagraphStyle("note", fontName=FONT, fontSize=8, leading=11, textColor=colors.grey, spaceBefore=4 * mm),
    )


@dataclass(frozen=True)
class Table:
    """Rows under a header row (repeated on every page). ``widths`` in millimetres, one per
    column; the ``numeric`` columns (indices) are aligned right and kept on one line, the
    others wrap inside their cell."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float]
    numeric: Sequence[int] = ()
    size: float = 10

    def __post_init__(self) -> None:
        if len(self.header) != len(self.widths) or any(len(row) != len(self.widths) for row in self.rows):
            raise ValueError("the header and every row need one cell per column width")


Block = str | Table
"""A paragraph of text (plain, not markup) or a table."""


def document(
    title: str,
    blocks: Iterable[Block],
    *,
    note: str | None = None,
    author: str = "",
    indent: bool = False,
    wide: bool = False,
    compress: bool = True,
) -> bytes:
    """``title``, then ``blocks`` in order, then ``note`` in small grey print, on A4 pages
    (landscape when ``wide``). ``indent``: each paragraph's first line indented by two
    characters, as Chinese prose is set. ``compress=False`` leaves the content streams plain."""
    rl = _kit()
    margin = MARGIN_MM * rl.mm
    out = io.BytesIO()
    doc = rl.SimpleDocTemplate(
        out,
        pagesize=rl.landscape(rl.A4) if wide else rl.A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=author,
        pageCompression=1 if compress else 0,
    )
    body = rl.ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=17, firstLineIndent=21 if indent else 0)
    story: list[Any] = [rl.Paragraph(escape(title), rl.title)]
    for block in blocks:
        story.append(_table(block) if isinstance(block, Table) else rl.Paragraph(escape(block), body))
    if note:
        story.append(rl.Paragraph(escape(note), rl.note))
    doc.build(story)
    return out.getvalue()


def _table(t: Table) -> Any:
    rl = _kit()
    mm = rl.mm
    text = rl.ParagraphStyle("cell", fontName=FONT, fontSize=t.size, leading=t.size * 1.25, wordWrap="CJK")
    numeric = set(t.numeric)
    room = [w * mm - 2 * _PADDING for w in t.widths]

    def cell(i: int, value: object) -> object:
        """A plain string where it fits on one line (quick to set), else a wrapping paragraph."""
        s = str(value)
        if i in numeric or rl.pdfmetrics.stringWidth(s, FONT, t.size) <= room[i]:
            return s
        return rl.Paragraph(escape(s), text)

    table = rl.Grid(
        [[str(h) for h in t.header], *[[cell(i, v) for i, v in enumerate(row)] for row in t.rows]],
        colWidths=[w * mm for w in t.widths],
        repeatRows=1,
        hAlign="LEFT",
        spaceBefore=4 * mm,
        spaceAfter=4 * mm,
    )
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, t.size),
        ("GRID", (0, 0), (-1, -1), 0.4, rl.colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), rl.colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ]
    style += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in sorted(numeric)]
    table.setStyle(rl.TableStyle(style))
    return table
