"""HTTP routes of the projection of projects: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from expro_shared.vocabulary import LandType
from housing_svc.deps import HousingRead, Rt
from housing_svc.projects.repository import PAGES
from housing_svc.projects.schemas import HousingProjectPublic

router = APIRouter(prefix="/v1/housing", tags=["projects"])


@router.get(
    "/projects",
    operation_id="listHousingProjects",
    summary="安置相关项目列表 / list projects known to housing",
    response_model=Page[HousingProjectPublic],
    responses=problem_responses(401, 403),
)
async def list_projects(
    rt: Rt,
    principal: HousingRead,
    district: Annotated[str | None, Query(description="属地 / district")] = None,
    owner_unit: Annotated[str | None, Query(description="业主单位 / owner unit")] = None,
    land_type: Annotated[LandType | None, Query(description="土地类型 / land type")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按登记时间分页列出项目（项目服务事件的投影）；业主单位只能看到本单位项目。

    Projects projected from project-svc's events, oldest registration first. Owner-unit
    users see only their own projects, district users only their district's."""
    filters = {
        "district": district,
        "owner_unit": owner_unit,
        "land_type": land_type.value if land_type else None,
    }
    async with rt.uow(principal.sub) as uow:
        rows = await uow.projects.page(principal, filters, cursor, limit)
    return PAGES.page(rows, limit, HousingProjectPublic.of)


@router.get(
    "/projects/{project_id}",
    operation_id="getHousingProject",
    summary="安置相关项目详情 / get a project known to housing",
    response_model=HousingProjectPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_project(project_id: str, rt: Rt, principal: HousingRead) -> Any:
    """项目及其应预存金额与安置房建设资金预算。

    The project with its required deposit and resettlement-housing budget."""
    async with rt.uow(principal.sub) as uow:
        project = await uow.projects.get(project_id, principal=principal)
    if project is None:
        raise not_found("project")
    return HousingProjectPublic.of(project)
