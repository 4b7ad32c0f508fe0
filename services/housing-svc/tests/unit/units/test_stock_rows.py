"""What an import row must hold, and reading CSV and XLSX files into rows: pure."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from housing_svc.areas import amount_fen, format_area, parse_area
from housing_svc.units import domain, files
from housing_svc.units.domain import COLUMNS, ImportRefused

TODAY = date(2026, 11, 27)
GOOD = {
    "community": "幸福家园",
    "building": "3栋",
    "unit_no": "1-502",
    "floor": "5",
    "layout": "两室一厅",
    "area_m2": "89.5",
    "resettlement_price_per_m2": "4800",
    "market_price_per_m2": "12500.00",
    "completed_on": "2023-12-20",
}


def test_a_good_row_is_a_unit_in_fen_and_hundredths() -> None:
    unit = domain.parse_row(2, dict(GOOD), TODAY)
    assert isinstance(unit, domain.StockRow)
    assert (unit.area_centi, unit.resettlement_price_fen, unit.market_price_fen, unit.floor) == (
        8950,
        480000,
        1250000,
        5,
    )
    assert unit.completed_on == date(2023, 12, 20)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("community", " "),
        ("floor", "5.5"),
        ("floor", "201"),
        ("area_m2", "0"),
        ("area_m2", "89.501"),
        ("area_m2", "-1"),
        ("area_m2", "1e2"),
        ("resettlement_price_per_m2", "0.00"),
        ("market_price_per_m2", "NaN"),
        ("completed_on", "2023/12/20"),
        ("completed_on", "2026-11-28"),
        ("layout", "x" * 51),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(column: str, value: str) -> None:
    errors = domain.parse_row(7, GOOD | {column: value}, TODAY)
    assert isinstance(errors, list) and [(e.row, e.column) for e in errors] == [(7, column)]


def test_the_header_must_name_every_column_once_and_nothing_else() -> None:
    errors = domain.header_errors(["community", "community", "colour", *COLUMNS[2:]])
    assert {(e.row, e.column, e.msg.split(";")[0]) for e in errors} == {
        (1, "building", "missing column"),
        (1, "community", "column given twice"),
        (1, "colour", "unknown column"),
    }


def test_a_unit_named_twice_in_a_file_is_an_error_of_its_later_row() -> None:
    row = [GOOD[c] for c in COLUMNS]
    again = [*row[:2], " １-502 ", *row[3:]]  # full-width digit and spaces: the same dwelling
    with pytest.raises(ImportRefused) as refused:
        domain.parse_stock(list(COLUMNS), [(2, list(row)), (3, again)], TODAY)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "unit_no")]


def test_units_already_in_the_stock_are_row_errors() -> None:
    units = domain.parse_stock(list(COLUMNS), [(2, [GOOD[c] for c in COLUMNS])], TODAY)
    assert [e.row for e in domain.already_in_stock(units, {units[0].key})] == [2]
    assert domain.already_in_stock(units, set()) == []


def test_a_file_without_rows_is_refused() -> None:
    with pytest.raises(ImportRefused):
        domain.parse_stock(list(COLUMNS), [], TODAY)


def test_csv_with_a_bom_and_blank_lines_reads_as_rows_numbered_like_the_sheet() -> None:
    text = "\ufeff" + ",".join(COLUMNS) + "\n\n" + ",".join(GOOD[c] for c in COLUMNS) + "\n\n"
    header, rows = files.read_table(text.encode(), 10)
    assert header == list(COLUMNS) and [n for n, _ in rows] == [3]


def test_too_many_rows_are_refused() -> None:
    text = ",".join(COLUMNS) + "\n" + "\n".join(",".join(GOOD[c] for c in COLUMNS) for _ in range(3))
    with pytest.raises(ImportRefused):
        files.read_table(text.encode(), 2)


def test_xlsx_cells_read_as_the_text_typed() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["幸福家园", "3栋", 502, 5, "两室一厅", 89.5, 4800, 12500.25, datetime(2023, 12, 20)])
    out = io.BytesIO()
    book.save(out)
    header, [(number, cells)] = files.read_table(out.getvalue(), 10)
    assert header == list(COLUMNS) and number == 2
    assert cells == ["幸福家园", "3栋", "502", "5", "两室一厅", "89.5", "4800", "12500.25", "2023-12-20"]


def test_areas_are_hundredths_and_amounts_round_half_up() -> None:
    assert parse_area("89.5") == 8950 and format_area(8950) == "89.50" and format_area(5) == "0.05"
    with pytest.raises(ValueError):
        parse_area("89.505")
    assert amount_fen(8950, 480_000) == 42_960_000
    assert amount_fen(1, 50) == 1 and amount_fen(1, 49) == 0
