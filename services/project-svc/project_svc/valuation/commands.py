"""Commands of valuation: the agency's selection and the households' reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from project_svc.valuation.domain import SelectionMethod


@dataclass(frozen=True)
class SelectAgency:
    """选定评估机构 / the valuation agency was selected."""

    project_id: str
    method: SelectionMethod
    candidates: list[str]
    selected: str
    selected_on: date


@dataclass(frozen=True)
class FileReport:
    """送达评估报告 / a household's valuation report was filed."""

    project_id: str
    household_id: str
    agency: str
    value_fen: int
    value_date: date
    filed_on: date
