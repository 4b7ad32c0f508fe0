"""HTTP routes of the preparation: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.problems import not_found, problem_responses
from project_svc import steps
from project_svc.deps import LifecycleLeader, LifecycleWrite, ProjectsRead, Rt
from project_svc.errors import LandTypeMismatchProblem, StepAlreadyRecorded, StepMissingProblem
from project_svc.preparation import handlers
from project_svc.preparation.commands import PublishPreAnnouncement, RecordDecision, RecordRiskAssessment
from project_svc.preparation.schemas import (
    DecisionCreate,
    DecisionPublic,
    PreAnnouncementCreate,
    PreAnnouncementPublic,
    RiskAssessmentCreate,
    RiskAssessmentPublic,
)

router = APIRouter(prefix="/v1", tags=["preparation"])


@router.post(
    "/projects/{project_id}/risk-assessments",
    operation_id="recordRiskAssessment",
    summary="记录社会稳定风险评估 / record a risk assessment",
    status_code=201,
    response_model=RiskAssessmentPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def record_risk_assessment(
    project_id: str,
    body: RiskAssessmentCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录社会稳定风险评估（条例第十二条）；发出 `risk_assessment_recorded`。Records a risk assessment."""
    cmd = RecordRiskAssessment(project_id, body.level, body.assessed_on, body.summary)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.record_risk_assessment(uow, cmd),
        RiskAssessmentPublic.of,
    )


steps.read_routes(
    router,
    RiskAssessmentPublic,
    lambda uow: uow.risk_assessments,
    "risk assessment",
    list_path="/projects/{project_id}/risk-assessments",
    list_operation="listRiskAssessments",
    list_summary="项目的风险评估 / list a project's risk assessments",
    list_description="分页列出项目的社会稳定风险评估。Risk assessments of a project, oldest first.",
    get_path="/risk-assessments/{risk_assessment_id}",
    get_operation="getRiskAssessment",
    get_summary="风险评估详情 / get a risk assessment",
    get_description="一次社会稳定风险评估。One risk assessment.",
)


@router.post(
    "/projects/{project_id}/pre-announcements",
    operation_id="publishPreAnnouncement",
    summary="发布征收预公告 / publish a pre-announcement",
    status_code=201,
    response_model=PreAnnouncementPublic,
    responses=problem_responses(401, 403, 404, LandTypeMismatchProblem, IdempotencyKeyReused),
)
async def publish_pre_announcement(
    project_id: str,
    body: PreAnnouncementCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """发布征收土地预公告（集体土地，土地管理法第四十七条）；发出 `pre_announcement_published`。

    409 `land-type-mismatch` on a state-owned project; 422 when `survey_until` lies before
    `published_on`."""
    cmd = PublishPreAnnouncement(project_id, body.published_on, body.scope, body.survey_until)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.publish_pre_announcement(uow, cmd),
        PreAnnouncementPublic.of,
    )


steps.read_routes(
    router,
    PreAnnouncementPublic,
    lambda uow: uow.pre_announcements,
    "pre-announcement",
    list_path="/projects/{project_id}/pre-announcements",
    list_operation="listPreAnnouncements",
    list_summary="项目的预公告 / list a project's pre-announcements",
    list_description="分页列出项目的征收预公告。Pre-announcements of a project, oldest first.",
    get_path="/pre-announcements/{pre_announcement_id}",
    get_operation="getPreAnnouncement",
    get_summary="预公告详情 / get a pre-announcement",
    get_description="一次征收预公告。One pre-announcement.",
)


@router.post(
    "/projects/{project_id}/decision",
    operation_id="recordExpropriationDecision",
    summary="记录征收决定 / record the expropriation decision",
    status_code=201,
    response_model=DecisionPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, StepAlreadyRecorded, IdempotencyKeyReused),
)
async def record_expropriation_decision(
    project_id: str,
    body: DecisionCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleLeader,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录征收决定及其公告（中心负责人）；须已作社会稳定风险评估、
    方案已批准（均不晚于决定日），且补偿资金已到位（任务交办书已签发，条例第十二条）；
    发出 `expropriation_decision_recorded`。

    Once per project. 409 `step-missing`: `risk_assessment` or `plan_approval` when none on
    or before `decided_on`; `funding` when no task order of the project is issued (fund-svc
    has not confirmed the deposits). 409 `step-already-recorded` when the project has its
    decision. 422 when `announced_on` lies before `decided_on`."""
    cmd = RecordDecision(project_id, body.document_no, body.decided_on, body.announced_on)
    return await steps.record(
        rt, principal, request, idempotency_key, body, lambda uow: handlers.record_decision(uow, cmd), DecisionPublic.of
    )


@router.get(
    "/projects/{project_id}/decision",
    operation_id="getExpropriationDecision",
    summary="项目的征收决定 / get the project's expropriation decision",
    response_model=DecisionPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_expropriation_decision(project_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """项目的征收决定（尚未作出时 404）。The project's decision; 404 until it is recorded."""
    async with rt.uow(principal.sub) as uow:
        decision = await uow.expropriation_decisions.for_project(project_id, principal=principal)
    if decision is None:
        raise not_found("expropriation decision")
    return DecisionPublic.of(decision)
