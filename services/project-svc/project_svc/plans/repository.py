"""Queries of compensation plans: readable when the project is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from project_svc.plans.domain import PlanStatus
from project_svc.plans.tables import CompensationPlanRow, HearingRow, PlanCommentRow
from project_svc.projects.repository import StepRepository


class CompensationPlanRepository(StepRepository[CompensationPlanRow]):
    model = CompensationPlanRow

    async def first_approved_on(self, project_id: str) -> date | None:
        """The day the project's first plan was approved, or None when none is."""
        stmt = select(func.min(CompensationPlanRow.approved_on)).where(
            CompensationPlanRow.project_id == project_id, CompensationPlanRow.status == PlanStatus.APPROVED.value
        )
        day: date | None = (await self.session.exec(stmt)).one()
        return day


class PlanCommentRepository(StepRepository[PlanCommentRow]):
    model = PlanCommentRow

    async def counts(self, plan_id: str) -> tuple[int, int]:
        """(agreeing, disagreeing) comments of the plan."""
        stmt = (
            select(PlanCommentRow.agrees, func.count())
            .where(PlanCommentRow.plan_id == plan_id)
            .group_by(PlanCommentRow.agrees)  # type: ignore[arg-type]
        )
        by = dict((await self.session.exec(stmt)).all())
        return int(by.get(True, 0)), int(by.get(False, 0))


class HearingRepository(StepRepository[HearingRow]):
    model = HearingRow
