"""HTTP routes of projects: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from expro_shared.vocabulary import LandType
from project_svc.deps import ProjectsRead, ProjectsWrite, Rt
from project_svc.errors import ProjectCodeTaken
from project_svc.projects import handlers
from project_svc.projects.commands import RegisterProject
from project_svc.projects.domain import ProjectStatus
from project_svc.projects.repository import PAGES
from project_svc.projects.schemas import ProjectCreate, ProjectPublic

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork

router = APIRouter(prefix="/v1", tags=["projects"])


@router.post(
    "/projects",
    operation_id="createProject",
    summary="登记征收项目 / register a project",
    status_code=201,
    response_model=ProjectPublic,
    responses=problem_responses(401, 403, ProjectCodeTaken, IdempotencyKeyReused),
)
async def create_project(
    body: ProjectCreate,
    request: Request,
    rt: Rt,
    principal: ProjectsWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """登记一个征收项目（国有土地或集体土地）。

    Register an expropriation project on state-owned or collective land; emits `project_registered`.
    An optional `Idempotency-Key` makes a retried request replay the first response."""

    async def work(uow: ProjectUnitOfWork) -> tuple[int, Any]:
        project = await handlers.register_project(uow, RegisterProject(**body.model_dump()))
        return 201, ProjectPublic.of(project).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


@router.get(
    "/projects",
    operation_id="listProjects",
    summary="项目列表 / list projects",
    response_model=Page[ProjectPublic],
    responses=problem_responses(401, 403),
)
async def list_projects(
    rt: Rt,
    principal: ProjectsRead,
    district: Annotated[str | None, Query(description="属地 / district")] = None,
    owner_unit: Annotated[str | None, Query(description="业主单位 / owner unit")] = None,
    land_type: Annotated[LandType | None, Query(description="土地类型 / land type")] = None,
    status: Annotated[ProjectStatus | None, Query(description="状态 / status")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按条件分页列出项目；业主单位只能看到本单位项目，属地只能看到本辖区项目。

    Owner-unit users see only their own projects, district users only their district's."""
    filters = {
        "district": district,
        "owner_unit": owner_unit,
        "land_type": land_type.value if land_type else None,
        "status": status.value if status else None,
    }
    async with rt.uow(principal.sub) as uow:
        rows = await uow.projects.page(principal, filters, cursor, limit)
    return PAGES.page(rows, limit, ProjectPublic.of)


@router.get(
    "/projects/{project_id}",
    operation_id="getProject",
    summary="项目详情 / get a project",
    response_model=ProjectPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_project(project_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """项目及其预算。The project with its budget and required deposit."""
    async with rt.uow(principal.sub) as uow:
        project = await uow.projects.get(project_id, principal=principal)
        if project is None:
            raise not_found("project")
        items = await uow.budget_items.of(project_id)
    return ProjectPublic.of(project, [(i.category, i.amount_fen) for i in items])
