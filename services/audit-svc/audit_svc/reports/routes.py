"""HTTP routes of the reports: thin — authorise, one read-only unit of work, JSON or PDF."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from audit_svc.deps import AuditRead, Rt
from audit_svc.reports import handlers, pdf
from audit_svc.reports.schemas import AnnualReportPublic
from expro_shared.problems import problem_responses
from expro_shared.runtime import off_the_loop

router = APIRouter(prefix="/v1/reports", tags=["reports"])

PDF = "application/pdf"
Year = Annotated[int, Path(ge=2000, le=2100, description="年度 / the calendar year (Asia/Shanghai business dates)")]


def wants_pdf(accept: str) -> bool:
    """``Accept`` asks for the PDF: it names application/pdf, before any JSON it names."""
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if PDF not in kinds:
        return False
    json_at = [i for i, k in enumerate(kinds) if k in ("application/json", "application/*", "*/*")]
    return not json_at or kinds.index(PDF) < json_at[0]


@router.get(
    "/annual/{year}",
    operation_id="getAnnualReport",
    summary="年度统计 / the annual report",
    response_model=AnnualReportPublic,
    responses={
        200: {
            "description": "年度统计（JSON，或 Accept: application/pdf 时为 PDF）/ JSON, or the PDF",
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(401, 403),
    },
)
async def annual_report(year: Year, request: Request, rt: Rt, principal: AuditRead) -> Any:
    """按业务发生日期，从审计留痕中统计某年度的征收、补偿、拆除、腾地、过渡费与安置房数据，
    附年度绩效报告段落；`Accept: application/pdf` 时返回 PDF。

    The year's figures computed from the audit trail alone, by business dates, with the
    paragraph of the annual performance report; ``Accept: application/pdf`` for the PDF."""
    async with rt.uow(principal.sub) as uow:  # read-only: nothing to commit
        figures = await handlers.annual_report(uow, year)
    report = figures.as_report()
    if wants_pdf(request.headers.get("accept", "")):
        return Response(
            await off_the_loop(pdf.render, year, report),
            media_type=PDF,
            headers={"Content-Disposition": f'inline; filename="annual-report-{year}.pdf"'},
        )
    return report
