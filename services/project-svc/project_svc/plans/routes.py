"""HTTP routes of compensation plans: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from project_svc import steps
from project_svc.deps import LifecycleLeader, LifecycleWrite, ProjectsRead, Rt
from project_svc.errors import (
    CommentPeriodOpen,
    CommentPeriodTooShort,
    OutsideCommentPeriod,
    PlanNotInStatus,
    StepMissingProblem,
)
from project_svc.plans import handlers
from project_svc.plans.commands import ApprovePlan, DraftPlan, PublishPlan, RecordHearing, SubmitComment
from project_svc.plans.schemas import (
    CommentCreate,
    CommentPublic,
    HearingCreate,
    HearingPublic,
    PlanApprove,
    PlanCreate,
    PlanPublic,
    PlanPublish,
)

router = APIRouter(prefix="/v1", tags=["plans"])


@router.post(
    "/projects/{project_id}/compensation-plans",
    operation_id="draftCompensationPlan",
    summary="拟定征收补偿方案 / draft a compensation plan",
    status_code=201,
    response_model=PlanPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def draft_compensation_plan(
    project_id: str,
    body: PlanCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """拟定征收补偿方案（状态 draft）；发出 `compensation_plan_drafted`。Drafts a plan in status `draft`."""
    cmd = DraftPlan(project_id, body.title, body.summary, [(s.item, s.rule) for s in body.standards])
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.draft_plan(uow, cmd), PlanPublic.of
    )


steps.read_routes(
    router,
    PlanPublic,
    lambda uow: uow.compensation_plans,
    "compensation plan",
    list_path="/projects/{project_id}/compensation-plans",
    list_operation="listCompensationPlans",
    list_summary="项目的征收补偿方案 / list a project's compensation plans",
    list_description="分页列出项目的征收补偿方案。Compensation plans of a project, oldest first.",
    get_path="/compensation-plans/{plan_id}",
    get_operation="getCompensationPlan",
    get_summary="征收补偿方案详情 / get a compensation plan",
    get_description="方案、状态、征求意见期与批准日期。The plan, its status, comment period and approval.",
)


@router.post(
    "/compensation-plans/{plan_id}/publish",
    operation_id="publishCompensationPlan",
    summary="公布方案征求意见 / publish a plan for comment",
    response_model=PlanPublic,
    responses=problem_responses(401, 403, 404, CommentPeriodTooShort, PlanNotInStatus, IdempotencyKeyReused),
)
async def publish_compensation_plan(
    plan_id: str,
    body: PlanPublish,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """公布方案征求公众意见，期限不少于30日（条例第十条；土地管理法第四十七条）；发出 `compensation_plan_published`。

    409 `comment-period-too-short` when the period (both ends counted) is under 30 days;
    409 `plan-not-in-status` when the plan is not a draft."""
    cmd = PublishPlan(plan_id, body.comment_from, body.comment_until)
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.publish_plan(uow, cmd), PlanPublic.of, 200
    )


@router.post(
    "/compensation-plans/{plan_id}/comments",
    operation_id="submitPlanComment",
    summary="提交方案意见 / submit a comment on a plan",
    status_code=201,
    response_model=CommentPublic,
    responses=problem_responses(
        401, 403, 404, StepMissingProblem, OutsideCommentPeriod, PlanNotInStatus, IdempotencyKeyReused
    ),
)
async def submit_plan_comment(
    plan_id: str,
    body: CommentCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录对方案的意见（同意与否）；发出 `plan_comment_submitted`。

    409 `step-missing` (`plan_publication`) on a draft; 409 `outside-comment-period` when
    `submitted_on` is outside the period; 409 `plan-not-in-status` once the plan is approved."""
    cmd = SubmitComment(plan_id, body.author, body.agrees, body.content, body.submitted_on)
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.submit_comment(uow, cmd), CommentPublic.of
    )


@router.get(
    "/compensation-plans/{plan_id}/comments",
    operation_id="listPlanComments",
    summary="方案的意见 / list a plan's comments",
    response_model=Page[CommentPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_plan_comments(
    plan_id: str, rt: Rt, principal: ProjectsRead, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """分页列出方案的意见。Comments on a plan, oldest first."""
    async with rt.uow(principal.sub) as uow:
        plan = await uow.compensation_plans.get(plan_id, principal=principal)
        if plan is None:
            raise not_found("compensation plan")
        rows = await uow.plan_comments.page(plan.project_id, cursor, limit, plan_id=plan_id)
        return uow.plan_comments.pages.page(rows, limit, CommentPublic.of)


@router.get(
    "/comments/{comment_id}",
    operation_id="getPlanComment",
    summary="意见详情 / get a comment",
    response_model=CommentPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_plan_comment(comment_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """一条意见。One comment on a plan."""
    return await steps.get_one(rt, principal, lambda uow: uow.plan_comments, comment_id, "comment", CommentPublic.of)


@router.post(
    "/compensation-plans/{plan_id}/hearings",
    operation_id="recordHearing",
    summary="记录听证会 / record a hearing",
    status_code=201,
    response_model=HearingPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, PlanNotInStatus, IdempotencyKeyReused),
)
async def record_hearing(
    plan_id: str,
    body: HearingCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录就方案举行的听证会（条例第十一条）；发出 `hearing_recorded`。

    409 `step-missing` (`plan_publication`) when the plan was not published on or before
    `held_on`; 409 `plan-not-in-status` once the plan is approved."""
    cmd = RecordHearing(plan_id, body.held_on, body.summary)
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.record_hearing(uow, cmd), HearingPublic.of
    )


@router.get(
    "/compensation-plans/{plan_id}/hearings",
    operation_id="listHearings",
    summary="方案的听证会 / list a plan's hearings",
    response_model=Page[HearingPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_hearings(plan_id: str, rt: Rt, principal: ProjectsRead, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """分页列出方案的听证会。Hearings on a plan, oldest first."""
    async with rt.uow(principal.sub) as uow:
        plan = await uow.compensation_plans.get(plan_id, principal=principal)
        if plan is None:
            raise not_found("compensation plan")
        rows = await uow.hearings.page(plan.project_id, cursor, limit, plan_id=plan_id)
        return uow.hearings.pages.page(rows, limit, HearingPublic.of)


@router.get(
    "/hearings/{hearing_id}",
    operation_id="getHearing",
    summary="听证会详情 / get a hearing",
    response_model=HearingPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_hearing(hearing_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """一次听证会。One hearing."""
    return await steps.get_one(rt, principal, lambda uow: uow.hearings, hearing_id, "hearing", HearingPublic.of)


@router.post(
    "/compensation-plans/{plan_id}/approve",
    operation_id="approveCompensationPlan",
    summary="批准征收补偿方案 / approve a compensation plan",
    response_model=PlanPublic,
    responses=problem_responses(
        401, 403, 404, StepMissingProblem, CommentPeriodOpen, PlanNotInStatus, IdempotencyKeyReused
    ),
)
async def approve_compensation_plan(
    plan_id: str,
    body: PlanApprove,
    request: Request,
    rt: Rt,
    principal: LifecycleLeader,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """批准方案（中心负责人）；征求意见期届满后方可批准，
    多数意见不同意时须先举行听证（条例第十一条）；发出 `compensation_plan_approved`。

    409 `comment-period-open` when `approved_on` is not after `comment_until`; 409
    `step-missing` (`hearing`) when most comments disagree and no hearing was held on or
    before `approved_on`, or (`plan_publication`) on a draft; 409 `plan-not-in-status` when
    it is approved already."""
    cmd = ApprovePlan(plan_id, body.approved_on, body.changes)
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.approve_plan(uow, cmd), PlanPublic.of, 200
    )
