"""Queries of valuation: readable when the project is."""

from __future__ import annotations

from project_svc.projects.repository import StepRepository
from project_svc.valuation.tables import AgencySelectionRow, ValuationReportRow


class AgencySelectionRepository(StepRepository[AgencySelectionRow]):
    model = AgencySelectionRow


class ValuationReportRepository(StepRepository[ValuationReportRow]):
    model = ValuationReportRow
