"""HTTP routes of housing-svc: thin — parse, authorise, read in one session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.auth import CurrentPrincipal, ensure_org_access, scope_filters
from expro_shared.events.contracts import LandType
from expro_shared.money import Money
from expro_shared.pagination import Cursor, Limit, Page, page_of
from expro_shared.problems import not_found, problem_responses
from expro_shared.runtime import Runtime
from housing_svc.adapters import repository as repo
from housing_svc.adapters.tables import ProjectRow
from housing_svc.entrypoints.schemas import HousingProjectPublic

router = APIRouter(prefix="/v1/housing")


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def project_public(p: ProjectRow) -> HousingProjectPublic:
    def money(v: int | None) -> Money | None:
        return Money(v) if v is not None else None

    return HousingProjectPublic(
        id=p.id,
        code=p.code,
        name=p.name,
        land_type=LandType(p.land_type),
        district=p.district,
        owner_unit=p.owner_unit,
        registered_at=p.registered_at,
        required_deposit=money(p.required_deposit_fen),
        resettlement_housing_budget=money(p.resettlement_housing_fen),
        budget_approved_at=p.budget_approved_at,
        updated_at=p.updated_at,
    )


@router.get(
    "/projects",
    tags=["projects"],
    operation_id="listHousingProjects",
    summary="安置相关项目列表 / list projects known to housing",
    response_model=Page[HousingProjectPublic],
    responses=problem_responses(401, 422),
)
async def list_projects(
    request: Request,
    principal: CurrentPrincipal,
    district: Annotated[str | None, Query(description="属地 / district")] = None,
    owner_unit: Annotated[str | None, Query(description="业主单位 / owner unit")] = None,
    land_type: Annotated[LandType | None, Query(description="土地类型 / land type")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按登记时间分页列出项目（项目服务事件的投影）；业主单位只能看到本单位项目。

    Projects projected from project-svc's events, oldest registration first. Owner-unit
    users see only their own projects, district users only their district's."""
    scoped = scope_filters(principal, owner_unit, district)
    if scoped is None:
        return {"items": [], "next_cursor": None}
    owner_unit, district = scoped
    filters = {
        "district": district,
        "owner_unit": owner_unit,
        "land_type": land_type.value if land_type else None,
    }
    async with _rt(request).db.sessionmaker() as session:
        rows = await repo.list_projects(session, filters, cursor, limit)
    return page_of(rows, limit, project_public, "registered_at")


@router.get(
    "/projects/{project_id}",
    tags=["projects"],
    operation_id="getHousingProject",
    summary="安置相关项目详情 / get a project known to housing",
    response_model=HousingProjectPublic,
    responses=problem_responses(401, 404, 422),
)
async def get_project(project_id: str, request: Request, principal: CurrentPrincipal) -> Any:
    """项目及其应预存金额与安置房建设资金预算。

    The project with its required deposit and resettlement-housing budget."""
    async with _rt(request).db.sessionmaker() as session:
        project = await repo.get_project(session, project_id)
    if project is None:
        raise not_found("project")
    ensure_org_access(principal, project.owner_unit, "project", project.district)
    return project_public(project)
