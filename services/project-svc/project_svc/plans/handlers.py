"""Handlers of compensation plans, each inside the caller's unit of work (state change +
outbox row). Every step on a plan takes the plan's row lock, so an approval counts exactly
the comments and hearings committed before it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import (
    CompensationPlanApproved,
    CompensationPlanDrafted,
    CompensationPlanPublished,
    HearingRecorded,
    PlanCommentSubmitted,
)
from expro_shared.problems import ProblemError, not_found
from project_svc.errors import (
    CommentPeriodOpen,
    CommentPeriodTooShort,
    OutsideCommentPeriod,
    PlanNotInStatus,
    step_refused,
)
from project_svc.plans import domain
from project_svc.plans.commands import ApprovePlan, DraftPlan, PublishPlan, RecordHearing, SubmitComment
from project_svc.plans.domain import PlanStatus
from project_svc.plans.tables import CompensationPlanRow, HearingRow, PlanCommentRow
from project_svc.projects.domain import StepMissing

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork

#: The rules' refusals, each answered by its problem (``plan_refused``).
REFUSALS = (
    StepMissing,
    domain.PlanNotInStatus,
    domain.CommentPeriodTooShort,
    domain.OutsideCommentPeriod,
    domain.CommentPeriodOpen,
)


def plan_refused(exc: Exception) -> ProblemError:
    """The problem answering a refusal of the plan's rules."""
    if isinstance(exc, domain.CommentPeriodTooShort):
        return CommentPeriodTooShort.error(str(exc), days=exc.days, minimum=domain.MIN_COMMENT_DAYS)
    if isinstance(exc, domain.OutsideCommentPeriod):
        return OutsideCommentPeriod.error(
            str(exc), comment_from=exc.comment_from.isoformat(), comment_until=exc.comment_until.isoformat()
        )
    if isinstance(exc, domain.CommentPeriodOpen):
        return CommentPeriodOpen.error(str(exc), comment_until=exc.comment_until.isoformat())
    if isinstance(exc, domain.PlanNotInStatus):
        return PlanNotInStatus.error(str(exc), current_status=exc.status.value)
    assert isinstance(exc, StepMissing), exc
    return step_refused(exc)


async def _plan(uow: ProjectUnitOfWork, plan_id: str) -> CompensationPlanRow:
    plan = await uow.compensation_plans.get(plan_id, lock=True)
    if plan is None:
        raise not_found("compensation plan")
    return plan


async def draft_plan(uow: ProjectUnitOfWork, cmd: DraftPlan) -> CompensationPlanRow:
    """拟定方案 (emits `compensation_plan_drafted`)."""
    if await uow.projects.get(cmd.project_id) is None:
        raise not_found("project")
    now = utcnow()
    standards = [{"item": item, "rule": rule} for item, rule in cmd.standards]
    plan = CompensationPlanRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        title=cmd.title,
        summary=cmd.summary,
        standards=standards,
        status=PlanStatus.DRAFT.value,
        created_by=uow.actor,
        created_at=now,
        updated_at=now,
    )
    uow.compensation_plans.add(plan)
    uow.emit(
        CompensationPlanDrafted(
            project_id=cmd.project_id, plan_id=plan.id, title=cmd.title, summary=cmd.summary, standards=standards
        )
    )
    return plan


async def publish_plan(uow: ProjectUnitOfWork, cmd: PublishPlan) -> CompensationPlanRow:
    """公布征求意见, at least 30 days (emits `compensation_plan_published`)."""
    plan = await _plan(uow, cmd.plan_id)
    try:
        plan.status = domain.publish(PlanStatus(plan.status), cmd.comment_from, cmd.comment_until).value
    except REFUSALS as exc:
        raise plan_refused(exc) from exc
    plan.comment_from, plan.comment_until = cmd.comment_from, cmd.comment_until
    plan.updated_at = utcnow()
    uow.compensation_plans.add(plan)
    uow.emit(
        CompensationPlanPublished(
            project_id=plan.project_id, plan_id=plan.id, comment_from=cmd.comment_from, comment_until=cmd.comment_until
        )
    )
    return plan


async def submit_comment(uow: ProjectUnitOfWork, cmd: SubmitComment) -> PlanCommentRow:
    """征求意见, within the period (emits `plan_comment_submitted`)."""
    plan = await _plan(uow, cmd.plan_id)
    try:
        domain.comment(PlanStatus(plan.status), plan.comment_from, plan.comment_until, cmd.submitted_on)
    except REFUSALS as exc:
        raise plan_refused(exc) from exc
    comment = PlanCommentRow(
        id=str(uuid.uuid4()),
        project_id=plan.project_id,
        plan_id=plan.id,
        author=cmd.author,
        agrees=cmd.agrees,
        content=cmd.content,
        submitted_on=cmd.submitted_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.plan_comments.add(comment)
    uow.emit(
        PlanCommentSubmitted(
            project_id=plan.project_id,
            comment_id=comment.id,
            plan_id=plan.id,
            agrees=cmd.agrees,
            submitted_on=cmd.submitted_on,
        )
    )
    return comment


async def record_hearing(uow: ProjectUnitOfWork, cmd: RecordHearing) -> HearingRow:
    """听证会 on a published plan (emits `hearing_recorded`)."""
    plan = await _plan(uow, cmd.plan_id)
    try:
        domain.hearing(PlanStatus(plan.status), plan.comment_from, cmd.held_on)
    except REFUSALS as exc:
        raise plan_refused(exc) from exc
    hearing = HearingRow(
        id=str(uuid.uuid4()),
        project_id=plan.project_id,
        plan_id=plan.id,
        held_on=cmd.held_on,
        summary=cmd.summary,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.hearings.add(hearing)
    uow.emit(
        HearingRecorded(
            project_id=plan.project_id, hearing_id=hearing.id, plan_id=plan.id, held_on=cmd.held_on, summary=cmd.summary
        )
    )
    return hearing


async def approve_plan(uow: ProjectUnitOfWork, cmd: ApprovePlan) -> CompensationPlanRow:
    """批准方案 after the comment period, with a hearing when most comments disagree (emits
    `compensation_plan_approved`)."""
    plan = await _plan(uow, cmd.plan_id)
    agreeing, disagreeing = await uow.plan_comments.counts(plan.id)
    hearings = [h.held_on for h in await uow.hearings.of_project(plan.project_id, plan_id=plan.id)]
    try:
        plan.status = domain.approve(
            PlanStatus(plan.status),
            plan.comment_until,
            cmd.approved_on,
            agreeing,
            disagreeing,
            hearings,
        ).value
    except REFUSALS as exc:
        raise plan_refused(exc) from exc
    plan.approved_on, plan.changes = cmd.approved_on, cmd.changes
    plan.updated_at = utcnow()
    uow.compensation_plans.add(plan)
    uow.emit(
        CompensationPlanApproved(
            project_id=plan.project_id,
            plan_id=plan.id,
            approved_on=cmd.approved_on,
            changes=cmd.changes,
            standards=plan.standards,
        )
    )
    return plan
