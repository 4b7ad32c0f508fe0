"""Reading an uploaded stock file into a header and rows of text cells: CSV (UTF-8, with
or without a BOM) or XLSX (the first sheet, via openpyxl). No database, no rules: what a
cell must hold is ``units.domain``'s.

XLSX number cells are read back as the shortest decimal that gives the stored binary
number (``repr``), so ``89.5`` typed in a sheet is ``"89.5"``; a value that is not a short
decimal fails the domain's pattern and is reported — type such areas and prices as text."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any

from housing_svc.units.domain import ImportRefused, RowError

Table = tuple[list[str], list[tuple[int, list[str | None]]]]
_XLSX_MAGIC = b"PK\x03\x04"


def _too_many(max_rows: int) -> ImportRefused:
    return ImportRefused([RowError(max_rows + 2, None, f"at most {max_rows} data rows per import")])


def _header(cells: list[str | None]) -> list[str]:
    return [(c or "").strip().lstrip("\ufeff").strip() for c in cells]


def read_csv(data: bytes, max_rows: int) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([RowError(1, None, f"the CSV file is not UTF-8 (byte {exc.start})")]) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise ImportRefused([RowError(reader.line_num, None, f"not a valid CSV file: {exc}")]) from exc
    if not lines:
        raise ImportRefused([RowError(1, None, "the file is empty: the first row names the columns")])
    rows: list[tuple[int, list[str | None]]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue  # blank lines (a trailing newline, spacer rows) are not rows
        if len(rows) == max_rows:
            raise _too_many(max_rows)
        rows.append((number, list(line)))
    return _header(list(lines[0])), rows


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportRefused([RowError(1, None, f"not a readable XLSX workbook: {type(exc).__name__}")]) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportRefused([RowError(1, None, "the workbook has no sheet")])
        header: list[str] | None = None
        rows: list[tuple[int, list[str | None]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if header is None:
                header = _header(cells)
                while header and not header[-1]:
                    header.pop()  # formatted but empty cells right of the table
                continue
            if not any((c or "").strip() for c in cells):
                continue
            if len(rows) == max_rows:
                raise _too_many(max_rows)
            rows.append((number, cells))
    finally:
        book.close()
    if header is None:
        raise ImportRefused([RowError(1, None, "the sheet is empty: the first row names the columns")])
    return header, rows


def read_table(data: bytes, max_rows: int) -> Table:
    """The file's header and data rows (numbered as the spreadsheet shows them); XLSX is
    told from CSV by its content, not by its name."""
    if data.startswith(_XLSX_MAGIC):
        return read_xlsx(data, max_rows)
    return read_csv(data, max_rows)
