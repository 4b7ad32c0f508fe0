"""HTTP routes of households: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, ProjectsRead, Rt
from project_svc.errors import StepAlreadyRecorded, StepMissingProblem
from project_svc.households import handlers
from project_svc.households.commands import Person, RecordMoveOut, RegisterHousehold, UnregisteredBuilding
from project_svc.households.schemas import HouseholdCreate, HouseholdPublic, MoveOutCreate

router = APIRouter(prefix="/v1", tags=["households"])


@router.post(
    "/projects/{project_id}/households",
    operation_id="registerHousehold",
    summary="调查登记被征收户 / register a household",
    status_code=201,
    response_model=HouseholdPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def register_household(
    project_id: str,
    body: HouseholdCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """登记被征收户：户主、人口、登记面积与未经登记建筑的认定；发出 `household_registered`。

    Registers a surveyed household with its registered area and its unregistered buildings
    as classified (legal, temporary_in_term, illegal)."""

    cmd = RegisterHousehold(
        project_id=project_id,
        head_name=body.head_name,
        id_number=body.id_number,
        address=body.address,
        members=body.members,
        registered_area_m2=body.registered_area_m2,
        unregistered=[UnregisteredBuilding(u.area_m2, u.classification) for u in body.unregistered],
        persons=[Person(p.name, p.id_number, p.relation) for p in body.persons],
    )
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.register_household(uow, cmd),
        HouseholdPublic.of,
    )


@router.get(
    "/projects/{project_id}/households",
    operation_id="listHouseholds",
    summary="项目的被征收户 / list a project's households",
    response_model=Page[HouseholdPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_households(
    project_id: str,
    rt: Rt,
    principal: ProjectsRead,
    limit: Limit = 50,
    cursor: Cursor = None,
    moved_out: Annotated[bool | None, Query(description="是否已腾房 / only those that moved out (or not)")] = None,
) -> Any:
    """分页列出项目的被征收户（含腾房日期）。Households of a project, oldest first."""
    async with rt.uow(principal.sub) as uow:
        if await uow.projects.get(project_id, principal=principal) is None:
            raise not_found("project")
        rows = await uow.households.page_by_move_out(project_id, cursor, limit, moved_out)
        return uow.households.pages.page(rows, limit, HouseholdPublic.of)


@router.get(
    "/households/{household_id}",
    operation_id="getHousehold",
    summary="被征收户详情 / get a household",
    response_model=HouseholdPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_household(household_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """被征收户及其腾房日期。The household, with the day it moved out once it has."""
    async with rt.uow(principal.sub) as uow:
        household = await uow.households.get(household_id, principal=principal)
    if household is None:
        raise not_found("household")
    return HouseholdPublic.of(household)


@router.post(
    "/households/{household_id}/move-out",
    operation_id="recordMoveOut",
    summary="记录腾房 / record a move-out",
    response_model=HouseholdPublic,
    responses=problem_responses(401, 403, 404, StepMissingProblem, StepAlreadyRecorded, IdempotencyKeyReused),
)
async def record_move_out(
    household_id: str,
    body: MoveOutCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录被征收户腾房；须已签订补偿协议或已作出补偿决定（日期不晚于腾房日）；发出 `household_moved_out`。

    Records the move-out, once. 409 `step-missing` (`agreement_or_compensation_decision`)
    when the household has neither an agreement nor a compensation decision dated on or
    before `moved_out_on`; 409 `step-already-recorded` when it moved out already."""

    cmd = RecordMoveOut(household_id, body.moved_out_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.record_move_out(uow, cmd),
        HouseholdPublic.of,
        200,
    )
