"""HTTP routes of the site: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.problems import not_found, problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, ProjectsRead, Rt
from project_svc.errors import StepAlreadyRecorded, StepMissingProblem
from project_svc.site import handlers
from project_svc.site.commands import RecordClearance, RecordDemolition, RequestSettlement
from project_svc.site.schemas import (
    ClearanceCreate,
    ClearancePublic,
    DemolitionCreate,
    DemolitionPublic,
    SettlementCreate,
    SettlementPublic,
)

router = APIRouter(prefix="/v1", tags=["site"])


@router.post(
    "/projects/{project_id}/demolitions",
    operation_id="recordDemolition",
    summary="记录拆除 / record a demolition",
    status_code=201,
    response_model=DemolitionPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, IdempotencyKeyReused),
)
async def record_demolition(
    project_id: str,
    body: DemolitionCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录房屋拆除；所列被征收户须已于拆除日或之前腾房；发出 `demolition_recorded`。

    409 `step-missing` (`move_out`, with `household_id`) when a listed household had not
    moved out by `demolished_on`; 422 when a listed household is not the project's."""
    cmd = RecordDemolition(
        project_id, body.demolished_on, body.area_m2, body.buildings, list(body.household_ids), body.contractor
    )
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.record_demolition(uow, cmd),
        DemolitionPublic.of,
    )


steps.read_routes(
    router,
    DemolitionPublic,
    lambda uow: uow.demolitions,
    "demolition",
    list_path="/projects/{project_id}/demolitions",
    list_operation="listDemolitions",
    list_summary="项目的拆除记录 / list a project's demolitions",
    list_description="分页列出项目的拆除记录。Demolitions of a project, oldest first.",
    get_path="/demolitions/{demolition_id}",
    get_operation="getDemolition",
    get_summary="拆除记录详情 / get a demolition",
    get_description="拆除记录。The demolition.",
)


@router.post(
    "/projects/{project_id}/clearances",
    operation_id="recordClearance",
    summary="记录腾地 / record cleared land",
    status_code=201,
    response_model=ClearancePublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def record_clearance(
    project_id: str,
    body: ClearanceCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录腾地面积与日期；发出 `land_cleared`。Records cleared land (mu) and its day."""
    cmd = RecordClearance(project_id, body.cleared_on, body.area_mu)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.record_clearance(uow, cmd),
        ClearancePublic.of,
    )


steps.read_routes(
    router,
    ClearancePublic,
    lambda uow: uow.clearances,
    "clearance",
    list_path="/projects/{project_id}/clearances",
    list_operation="listClearances",
    list_summary="项目的腾地记录 / list a project's clearances",
    list_description="分页列出项目的腾地记录。Clearances of a project, oldest first.",
    get_path="/clearances/{clearance_id}",
    get_operation="getClearance",
    get_summary="腾地记录详情 / get a clearance",
    get_description="腾地记录。The clearance.",
)


@router.post(
    "/projects/{project_id}/settlement",
    operation_id="requestSettlement",
    summary="申请结算 / request the settlement",
    status_code=201,
    response_model=SettlementPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, StepAlreadyRecorded, IdempotencyKeyReused),
)
async def request_settlement(
    project_id: str,
    body: SettlementCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """申请项目结算；须已于申请日或之前腾地；发出 `settlement_requested`。

    Once per project. 409 `step-missing` (`clearance`) when no land was cleared on or before
    `requested_on`; 409 `step-already-recorded` when it was requested already."""
    cmd = RequestSettlement(project_id, body.requested_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.request_settlement(uow, cmd),
        SettlementPublic.of,
    )


@router.get(
    "/projects/{project_id}/settlement",
    operation_id="getSettlement",
    summary="项目的结算申请 / get the project's settlement request",
    response_model=SettlementPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_settlement(project_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """项目的结算申请（未申请时 404）。The project's settlement request; 404 until requested."""
    async with rt.uow(principal.sub) as uow:
        settlement = await uow.settlements.for_project(project_id, principal=principal)
    if settlement is None:
        raise not_found("settlement")
    return SettlementPublic.of(settlement)
