"""Pure rules of the housing stock (no I/O): what an import row must hold, and a unit's
statuses.

An import is all or nothing: every row is checked, every fault is reported as
``{row, column, msg}`` (rows numbered as the spreadsheet shows them, the header being row
1), and a fault anywhere imports nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from expro_shared.money import YUAN_PATTERN, parse_yuan
from expro_shared.normalise import comparison_key
from housing_svc.areas import parse_area

#: The columns of an import, in the order the template has them.
COLUMNS = (
    "community",
    "building",
    "unit_no",
    "floor",
    "layout",
    "area_m2",
    "resettlement_price_per_m2",
    "market_price_per_m2",
    "completed_on",
)
_YUAN_RE = re.compile(YUAN_PATTERN)
_INT_RE = re.compile(r"^-?[0-9]{1,3}$")
_TEXT_LIMITS = {"community": 100, "building": 100, "unit_no": 100, "layout": 50}
MIN_FLOOR, MAX_FLOOR = -5, 200


class UnitStatus(StrEnum):
    """房源状态 / where a unit stands."""

    AVAILABLE = "available"  # 可选
    ALLOCATED = "allocated"  # 已选定
    DELIVERED = "delivered"  # 已交付


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    msg: str


@dataclass(frozen=True)
class StockRow:
    """One valid row of an import."""

    row: int
    community: str
    building: str
    unit_no: str
    floor: int
    layout: str
    area_centi: int
    resettlement_price_fen: int
    market_price_fen: int
    completed_on: date

    @property
    def key(self) -> str:
        return unit_key(self.community, self.building, self.unit_no)


def unit_key(community: str, building: str, unit_no: str) -> str:
    """The identity of a dwelling, compared as people type names (case, width, invisible
    characters and surrounding space aside)."""
    return "\x1f".join(comparison_key(part) for part in (community, building, unit_no))


class ImportRefused(Exception):
    """The file as a whole cannot be read, or a row is wrong: nothing is imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s) in the import")
        self.errors = errors


def header_errors(header: list[str]) -> list[RowError]:
    """The header row (row 1) must name every column once; unknown columns are refused so a
    misspelt one is not silently dropped."""
    errors = [RowError(1, c, "missing column") for c in COLUMNS if c not in header]
    seen: set[str] = set()
    for name in header:
        if name not in COLUMNS:
            errors.append(RowError(1, name or None, f"unknown column; expected {', '.join(COLUMNS)}"))
        elif name in seen:
            errors.append(RowError(1, name, "column given twice"))
        seen.add(name)
    return errors


def _text(row: int, column: str, value: str | None, errors: list[RowError]) -> str:
    text = (value or "").strip()
    if not text:
        errors.append(RowError(row, column, "required"))
    elif len(text) > _TEXT_LIMITS[column]:
        errors.append(RowError(row, column, f"at most {_TEXT_LIMITS[column]} characters"))
    elif "\x00" in text:
        errors.append(RowError(row, column, "U+0000 is not allowed"))
    return text


def _positive_yuan(row: int, column: str, value: str | None, errors: list[RowError]) -> int:
    text = (value or "").strip()
    if not _YUAN_RE.fullmatch(text) or parse_yuan(text) <= 0:
        errors.append(
            RowError(row, column, 'a price in yuan per ㎡ greater than 0 with at most two decimals, e.g. "6800.00"')
        )
        return 0
    return parse_yuan(text)


def parse_row(row: int, cells: dict[str, str | None], today: date) -> StockRow | list[RowError]:
    """One data row as a unit, or the faults of each of its cells."""
    errors: list[RowError] = []
    community = _text(row, "community", cells.get("community"), errors)
    building = _text(row, "building", cells.get("building"), errors)
    unit_no = _text(row, "unit_no", cells.get("unit_no"), errors)
    layout = _text(row, "layout", cells.get("layout"), errors)
    floor_text = (cells.get("floor") or "").strip()
    floor = 0
    if not _INT_RE.fullmatch(floor_text) or not MIN_FLOOR <= int(floor_text) <= MAX_FLOOR:
        errors.append(RowError(row, "floor", f"a whole floor number from {MIN_FLOOR} to {MAX_FLOOR}"))
    else:
        floor = int(floor_text)
    area = 0
    try:
        area = parse_area((cells.get("area_m2") or "").strip())
    except ValueError as exc:
        errors.append(RowError(row, "area_m2", str(exc)))
    else:
        if area <= 0:
            errors.append(RowError(row, "area_m2", "the area must be greater than 0"))
    resettlement = _positive_yuan(row, "resettlement_price_per_m2", cells.get("resettlement_price_per_m2"), errors)
    market = _positive_yuan(row, "market_price_per_m2", cells.get("market_price_per_m2"), errors)
    completed_text = (cells.get("completed_on") or "").strip()
    completed = today
    try:
        completed = date.fromisoformat(completed_text)
        if len(completed_text) != 10:
            raise ValueError(completed_text)
    except ValueError:
        errors.append(RowError(row, "completed_on", "a date as YYYY-MM-DD"))
    else:
        if completed > today:
            errors.append(
                RowError(row, "completed_on", "the completion date may not lie in the future (Asia/Shanghai)")
            )
    if errors:
        return errors
    return StockRow(row, community, building, unit_no, floor, layout, area, resettlement, market, completed)


def parse_stock(header: list[str], rows: list[tuple[int, list[str | None]]], today: date) -> list[StockRow]:
    """Every row of the file as units, or ``ImportRefused`` with every fault (a dwelling
    named twice in the file is a fault of its later rows)."""
    errors = header_errors(header)
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused([RowError(2, None, "the file has no data rows")])
    units: list[StockRow] = []
    first_row: dict[str, int] = {}
    for number, values in rows:
        cells = {name: (values[i] if i < len(values) else None) for i, name in enumerate(header)}
        parsed = parse_row(number, cells, today)
        if isinstance(parsed, list):
            errors.extend(parsed)
            continue
        if parsed.key in first_row:
            errors.append(RowError(number, "unit_no", f"the same unit as row {first_row[parsed.key]}"))
            continue
        first_row[parsed.key] = number
        units.append(parsed)
    if errors:
        raise ImportRefused(errors)
    return units


def already_in_stock(units: list[StockRow], taken: set[str]) -> list[RowError]:
    """The rows naming a dwelling the stock holds already (``taken``: their keys)."""
    return [RowError(u.row, "unit_no", "this unit is already in the stock") for u in units if u.key in taken]


def completed_in(year: int) -> tuple[date, date]:
    """The first and last day of ``year`` (the ``completed_in`` filter)."""
    return date(year, 1, 1), date(year, 12, 31)
