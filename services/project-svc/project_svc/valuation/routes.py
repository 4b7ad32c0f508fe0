"""HTTP routes of valuation: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, ProjectsRead, Rt
from project_svc.valuation import handlers
from project_svc.valuation.commands import FileReport, SelectAgency
from project_svc.valuation.schemas import (
    AgencySelectionCreate,
    AgencySelectionPublic,
    ValuationReportCreate,
    ValuationReportPublic,
)

router = APIRouter(prefix="/v1", tags=["valuation"])


@router.post(
    "/projects/{project_id}/valuation-agency-selections",
    operation_id="selectValuationAgency",
    summary="选定评估机构 / select the valuation agency",
    status_code=201,
    response_model=AgencySelectionPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def select_valuation_agency(
    project_id: str,
    body: AgencySelectionCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录被征收人投票、抽签或协商选定的评估机构（条例第二十条）；发出 `valuation_agency_selected`。

    422 when `selected` is not one of the `candidates`, or a candidate is listed twice."""
    cmd = SelectAgency(project_id, body.method, list(body.candidates), body.selected, body.selected_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.select_agency(uow, cmd),
        AgencySelectionPublic.of,
    )


@router.get(
    "/projects/{project_id}/valuation-agency-selections",
    operation_id="listValuationAgencySelections",
    summary="项目的评估机构选定 / list a project's agency selections",
    response_model=Page[AgencySelectionPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_valuation_agency_selections(
    project_id: str, rt: Rt, principal: ProjectsRead, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """分页列出项目的评估机构选定记录。Agency selections of a project, oldest first."""
    return await steps.list_of_project(
        rt, principal, project_id, lambda uow: uow.valuation_agency_selections, AgencySelectionPublic.of, cursor, limit
    )


@router.get(
    "/valuation-agency-selections/{selection_id}",
    operation_id="getValuationAgencySelection",
    summary="评估机构选定详情 / get an agency selection",
    response_model=AgencySelectionPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_valuation_agency_selection(selection_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """一次评估机构选定。One agency selection."""
    return await steps.get_one(
        rt,
        principal,
        lambda uow: uow.valuation_agency_selections,
        selection_id,
        "agency selection",
        AgencySelectionPublic.of,
    )


@router.post(
    "/projects/{project_id}/valuation-reports",
    operation_id="fileValuationReport",
    summary="送达评估报告 / file a valuation report",
    status_code=201,
    response_model=ValuationReportPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def file_valuation_report(
    project_id: str,
    body: ValuationReportCreate,
    request: Request,
    rt: Rt,
    principal: LifecycleWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """记录被征收户的评估报告；发出 `valuation_report_filed`。404 when the household is not the project's."""
    cmd = FileReport(project_id, body.household_id, body.agency, body.value.fen, body.value_date, body.filed_on)
    return await steps.record(
        rt,
        principal,
        request,
        idempotency_key,
        body,
        lambda uow: handlers.file_report(uow, cmd),
        ValuationReportPublic.of,
    )


@router.get(
    "/projects/{project_id}/valuation-reports",
    operation_id="listValuationReports",
    summary="项目的评估报告 / list a project's valuation reports",
    response_model=Page[ValuationReportPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_valuation_reports(
    project_id: str,
    rt: Rt,
    principal: ProjectsRead,
    limit: Limit = 50,
    cursor: Cursor = None,
    household_id: Annotated[str | None, Query(max_length=36, description="被征收户 / only this household's")] = None,
) -> Any:
    """分页列出项目的评估报告。Valuation reports of a project, oldest first."""
    return await steps.list_of_project(
        rt,
        principal,
        project_id,
        lambda uow: uow.valuation_reports,
        ValuationReportPublic.of,
        cursor,
        limit,
        household_id=household_id,
    )


@router.get(
    "/valuation-reports/{valuation_report_id}",
    operation_id="getValuationReport",
    summary="评估报告详情 / get a valuation report",
    response_model=ValuationReportPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_valuation_report(valuation_report_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """一份评估报告。One valuation report."""
    return await steps.get_one(
        rt,
        principal,
        lambda uow: uow.valuation_reports,
        valuation_report_id,
        "valuation report",
        ValuationReportPublic.of,
    )
