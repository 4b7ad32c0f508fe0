"""The shared A4 document: STSong-Light for all text (no font file), title, paragraphs, tables
with a header row and right-aligned numbers, a note — in that order, nothing cut."""

from __future__ import annotations

import re

import pytest
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from expro_shared import pdf
from tests.support import pdf_lines, pdf_text


def drawn_at(document: bytes, text: str) -> list[float]:
    """Where (x, in points from the cell's table) each line showing exactly ``text`` starts:
    found by its glyph codes (UCS-2, big-endian, as the content stream escapes them)."""
    codes = re.escape(escapePDF(text.encode("utf-16-be")).encode("latin-1"))
    return [float(x) for x in re.findall(rb"BT 1 0 0 1 ([\d.]+) [\d.]+ Tm [^()]*\(" + codes + rb"\) Tj", document)]


def test_a_document_declares_the_cid_font_and_shows_its_blocks_in_order() -> None:
    table = pdf.Table(("名称", "金额"), [("补偿款", "1.00"), ("过渡费", "1000.00")], widths=(40, 30), numeric=(1,))
    out = pdf.document("年度统计 / Report", ["第一段。", table, "第二段 <b>&amp;</b>"], note="数据来源：审计留痕。")
    assert out.startswith(b"%PDF-") and out.rstrip().endswith(b"%%EOF")
    assert b"/BaseFont /STSong-Light" in out and b"/Encoding /UniGB-UCS2-H" in out
    assert b"/FontFile" not in out  # nothing embedded: readers bring their own Song typeface
    text = pdf_text(out)
    parts = [
        "年度统计 / Report",
        "第一段。",
        "名称",
        "金额",
        "补偿款",
        "1.00",
        "过渡费",
        "1000.00",
        "第二段",
        "数据来源",
    ]
    assert [text.index(p) for p in parts] == sorted(text.index(p) for p in parts)
    assert "<b>&amp;</b>" in text  # plain text, never markup


def test_numeric_columns_are_aligned_right_and_text_columns_left() -> None:
    table = pdf.Table(("名称", "金额"), [("甲", "1.00"), ("乙乙", "1000.00")], widths=(40, 30), numeric=(1,))
    out = pdf.document("T", [table], compress=False)
    (short,), (long,) = drawn_at(out, "1.00"), drawn_at(out, "1000.00")
    right = 70 * mm - 4  # the table's right edge less the cell's padding
    assert short + stringWidth("1.00", pdf.FONT, 10) == pytest.approx(right)
    assert long + stringWidth("1000.00", pdf.FONT, 10) == pytest.approx(right)
    assert drawn_at(out, "甲") == drawn_at(out, "乙乙") == [4.0]


def test_long_text_wraps_inside_its_cell_and_every_row_is_kept_over_pages() -> None:
    rows = [(f"第{i}行 " + "说明" * 40, f"{i}.00") for i in range(200)]
    out = pdf.document("T", [pdf.Table(("说明", "金额"), rows, widths=(60, 30), numeric=(1,), size=8)])
    text = pdf_text(out)
    assert all(f"第{i}行 " + "说明" * 40 in text for i in range(200))
    assert max(len(line) for line in pdf_lines(out)) < 40
    pages = int(re.search(rb"/Count (\d+)", out).group(1))  # type: ignore[union-attr]
    assert pages > 1 and pdf_lines(out).count("说明") == pages  # the header row on every page


def test_wide_documents_are_landscape_and_compression_changes_only_the_bytes() -> None:
    tall = pdf.document("T", ["x"], compress=False)
    wide = pdf.document("T", ["x"], wide=True)
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in tall and b"/MediaBox [ 0 0 841.8898 595.2756 ]" in wide
    assert b"/FlateDecode" in wide and b"/FlateDecode" not in tall
    assert pdf_text(tall) == pdf_text(wide) == "Tx"


def test_a_row_needs_one_cell_per_column() -> None:
    with pytest.raises(ValueError, match="one cell per column"):
        pdf.Table(("a", "b"), [("1",)], widths=(10, 10))


def test_reportlab_is_imported_on_the_first_document_not_at_start_up() -> None:
    """ReportLab and Pillow cost each service some 7 MB it mostly never uses."""
    import subprocess
    import sys

    probe = (
        "import sys, fund_svc.bootstrap, audit_svc.bootstrap; "
        "from expro_shared import pdf; "
        "before = 'reportlab' in sys.modules; "
        "pdf.document('t', ['x']); "
        "print(before, 'reportlab' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
