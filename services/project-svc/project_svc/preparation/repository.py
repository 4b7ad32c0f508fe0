"""Queries of the preparation: readable when the project is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from expro_shared.auth import Principal
from project_svc.preparation.tables import ExpropriationDecisionRow, PreAnnouncementRow, RiskAssessmentRow
from project_svc.projects.repository import StepRepository


class RiskAssessmentRepository(StepRepository[RiskAssessmentRow]):
    model = RiskAssessmentRow

    async def first_assessed_on(self, project_id: str) -> date | None:
        """The day of the project's first risk assessment, or None."""
        stmt = select(func.min(RiskAssessmentRow.assessed_on)).where(RiskAssessmentRow.project_id == project_id)
        day: date | None = (await self.session.exec(stmt)).one()
        return day


class PreAnnouncementRepository(StepRepository[PreAnnouncementRow]):
    model = PreAnnouncementRow


class ExpropriationDecisionRepository(StepRepository[ExpropriationDecisionRow]):
    model = ExpropriationDecisionRow

    async def for_project(
        self, project_id: str, *, principal: Principal | None = None
    ) -> ExpropriationDecisionRow | None:
        """The project's decision, if ``principal`` (when given) may see the project."""
        return await self._get(ExpropriationDecisionRow.project_id == project_id, principal=principal)  # type: ignore[no-any-return]
