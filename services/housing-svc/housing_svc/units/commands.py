"""Commands of the housing stock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ImportUnits:
    """导入房源 / add the units of a CSV or XLSX file to the stock, all or nothing."""

    data: bytes
    max_rows: int
    today: date
