"""Queries of enforcement: readable when the project is."""

from __future__ import annotations

from project_svc.enforcement.tables import JudicialProcedureRow
from project_svc.projects.repository import StepRepository


class JudicialProcedureRepository(StepRepository[JudicialProcedureRow]):
    model = JudicialProcedureRow
