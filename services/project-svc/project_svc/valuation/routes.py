"""HTTP routes of valuation: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey
from expro_shared.problems import problem_responses
from project_svc import steps
from project_svc.deps import LifecycleWrite, Rt
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


steps.read_routes(
    router,
    AgencySelectionPublic,
    lambda uow: uow.valuation_agency_selections,
    "agency selection",
    list_path="/projects/{project_id}/valuation-agency-selections",
    list_operation="listValuationAgencySelections",
    list_summary="项目的评估机构选定 / list a project's agency selections",
    list_description="分页列出项目的评估机构选定记录。Agency selections of a project, oldest first.",
    get_path="/valuation-agency-selections/{selection_id}",
    get_operation="getValuationAgencySelection",
    get_summary="评估机构选定详情 / get an agency selection",
    get_description="一次评估机构选定。One agency selection.",
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


steps.read_routes(
    router,
    ValuationReportPublic,
    lambda uow: uow.valuation_reports,
    "valuation report",
    list_path="/projects/{project_id}/valuation-reports",
    list_operation="listValuationReports",
    list_summary="项目的评估报告 / list a project's valuation reports",
    list_description="分页列出项目的评估报告。Valuation reports of a project, oldest first.",
    get_path="/valuation-reports/{valuation_report_id}",
    get_operation="getValuationReport",
    get_summary="评估报告详情 / get a valuation report",
    get_description="一份评估报告。One valuation report.",
    household_filter=True,
)
