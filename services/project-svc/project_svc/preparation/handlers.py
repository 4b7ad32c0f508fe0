"""Handlers of the preparation, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import (
    ExpropriationDecisionRecorded,
    PreAnnouncementPublished,
    RiskAssessmentRecorded,
)
from expro_shared.problems import not_found, validation_error
from project_svc.errors import step_refused
from project_svc.preparation import domain
from project_svc.preparation.commands import PublishPreAnnouncement, RecordDecision, RecordRiskAssessment
from project_svc.preparation.tables import ExpropriationDecisionRow, PreAnnouncementRow, RiskAssessmentRow
from project_svc.projects.domain import AlreadyRecorded, LandTypeMismatch, Step, StepMissing

if TYPE_CHECKING:
    from project_svc.projects.tables import ProjectRow
    from project_svc.uow import ProjectUnitOfWork


async def _project(uow: ProjectUnitOfWork, project_id: str) -> ProjectRow:
    project = await uow.projects.get(project_id)
    if project is None:
        raise not_found("project")
    return project


async def record_risk_assessment(uow: ProjectUnitOfWork, cmd: RecordRiskAssessment) -> RiskAssessmentRow:
    """社会稳定风险评估 (emits `risk_assessment_recorded`)."""
    await _project(uow, cmd.project_id)
    row = RiskAssessmentRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        level=cmd.level.value,
        assessed_on=cmd.assessed_on,
        summary=cmd.summary,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.risk_assessments.add(row)
    uow.emit(
        RiskAssessmentRecorded(
            project_id=cmd.project_id,
            risk_assessment_id=row.id,
            level=cmd.level.value,
            assessed_on=cmd.assessed_on,
            summary=cmd.summary,
        )
    )
    return row


async def publish_pre_announcement(uow: ProjectUnitOfWork, cmd: PublishPreAnnouncement) -> PreAnnouncementRow:
    """预公告, collective land only (emits `pre_announcement_published`)."""
    project = await _project(uow, cmd.project_id)
    try:
        domain.pre_announcement(project.land_type, cmd.published_on, cmd.survey_until)
    except LandTypeMismatch as exc:
        raise step_refused(exc) from exc
    except domain.DatesOutOfOrder as exc:
        raise validation_error(str(exc), ["body", exc.field]) from exc
    row = PreAnnouncementRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        published_on=cmd.published_on,
        scope=cmd.scope,
        survey_until=cmd.survey_until,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.pre_announcements.add(row)
    uow.emit(
        PreAnnouncementPublished(
            project_id=cmd.project_id,
            pre_announcement_id=row.id,
            published_on=cmd.published_on,
            scope=cmd.scope,
            survey_until=cmd.survey_until,
        )
    )
    return row


async def record_decision(uow: ProjectUnitOfWork, cmd: RecordDecision) -> ExpropriationDecisionRow:
    """征收决定, once per project (its constraint), after the risk assessment, the approved
    plan and confirmed funding (emits `expropriation_decision_recorded`)."""
    await _project(uow, cmd.project_id)
    existing = await uow.expropriation_decisions.for_project(cmd.project_id)
    try:
        if existing is not None:
            raise AlreadyRecorded(Step.EXPROPRIATION_DECISION, f"the project's decision is {existing.document_no}")
        domain.decision_gate(
            cmd.decided_on,
            cmd.announced_on,
            await uow.risk_assessments.first_assessed_on(cmd.project_id),
            await uow.compensation_plans.first_approved_on(cmd.project_id),
            await uow.task_orders.any_issued(cmd.project_id),
        )
    except (StepMissing, AlreadyRecorded) as exc:
        raise step_refused(exc) from exc
    except domain.DatesOutOfOrder as exc:
        raise validation_error(str(exc), ["body", exc.field]) from exc
    row = ExpropriationDecisionRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        document_no=cmd.document_no,
        decided_on=cmd.decided_on,
        announced_on=cmd.announced_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    if not await uow.expropriation_decisions.insert_unless_taken(row):
        raise step_refused(AlreadyRecorded(Step.EXPROPRIATION_DECISION, "the project's decision was recorded already"))
    uow.emit(
        ExpropriationDecisionRecorded(
            project_id=cmd.project_id,
            decision_id=row.id,
            document_no=cmd.document_no,
            decided_on=cmd.decided_on,
            announced_on=cmd.announced_on,
        )
    )
    return row
