"""HTTP routes of enforcement: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.problems import problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, Rt
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


steps.read_routes(
    router,
    JudicialProcedurePublic,
    lambda uow: uow.judicial_procedures,
    "judicial procedure",
    list_path="/projects/{project_id}/judicial-procedures",
    list_operation="listJudicialProcedures",
    list_summary="项目的司法程序 / list a project's judicial procedures",
    list_description="分页列出项目的司法程序。Judicial procedures of a project, oldest first.",
    get_path="/judicial-procedures/{procedure_id}",
    get_operation="getJudicialProcedure",
    get_summary="司法程序详情 / get a judicial procedure",
    get_description="一次强制执行申请。One application for court enforcement.",
    household_filter=True,
)
