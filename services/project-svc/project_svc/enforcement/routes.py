"""HTTP routes of enforcement: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, ProjectsRead, Rt
from project_svc.enforcement import handlers
from project_svc.enforcement.commands import StartJudicialProcedure
from project_svc.enforcement.schemas import JudicialProcedureCreate, JudicialProcedurePublic
from project_svc.errors import MoveOutDeadlineNotPassed, StepMissingProblem

router = APIRouter(prefix="/v1", tags=["enforcement"])


@router.post(
    "/projects/{project_id}/judicial-procedures",
    operation_id="startJudicialProcedure",
    summary="申请人民法院强制执行 / start court enforcement",
    status_code=201,
    response_model=JudicialProcedurePublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, MoveOutDeadlineNotPassed, IdempotencyKeyReused),
)
async def start_judicial_procedure(
    project_id: str,
    body: JudicialProcedureCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """对补偿决定规定期限内不搬迁的被征收户申请人民法院强制执行（条例第二十八条）；发出 `judicial_procedure_started`。

    409 `step-missing` (`compensation_decision`) without a decision for the household on or
    before `filed_on`; 409 `move-out-deadline-not-passed` when `filed_on` is not after the
    decision's `move_out_deadline`."""
    cmd = StartJudicialProcedure(project_id, body.household_id, body.court, body.filed_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.start_judicial_procedure(uow, cmd),
        JudicialProcedurePublic.of,
    )


@router.get(
    "/projects/{project_id}/judicial-procedures",
    operation_id="listJudicialProcedures",
    summary="项目的司法程序 / list a project's judicial procedures",
    response_model=Page[JudicialProcedurePublic],
    responses=problem_responses(401, 403, 404),
)
async def list_judicial_procedures(
    project_id: str,
    rt: Rt,
    principal: ProjectsRead,
    limit: Limit = 50,
    cursor: Cursor = None,
    household_id: Annotated[str | None, Query(max_length=36, description="被征收户 / only this household's")] = None,
) -> Any:
    """分页列出项目的司法程序。Judicial procedures of a project, oldest first."""
    return await steps.list_of_project(
        rt,
        principal,
        project_id,
        lambda uow: uow.judicial_procedures,
        JudicialProcedurePublic.of,
        cursor,
        limit,
        household_id=household_id,
    )


@router.get(
    "/judicial-procedures/{procedure_id}",
    operation_id="getJudicialProcedure",
    summary="司法程序详情 / get a judicial procedure",
    response_model=JudicialProcedurePublic,
    responses=problem_responses(401, 403, 404),
)
async def get_judicial_procedure(procedure_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """一次强制执行申请。One application for court enforcement."""
    return await steps.get_one(
        rt,
        principal,
        lambda uow: uow.judicial_procedures,
        procedure_id,
        "judicial procedure",
        JudicialProcedurePublic.of,
    )
