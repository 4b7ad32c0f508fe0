"""HTTP route of the statement (对账单): thin — authorise, one unit of work, then the form
``Accept`` asks for."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from expro_shared.problems import problem_responses
from expro_shared.requests import center_today
from expro_shared.runtime import off_the_loop
from fund_svc.deps import FundsRead, Rt
from fund_svc.errors import StatementNotAcceptable
from fund_svc.statements import render
from fund_svc.statements.handlers import build_statement
from fund_svc.statements.schemas import StatementPublic

router = APIRouter(prefix="/v1", tags=["statements"])

_FORMS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "对账单（JSON、CSV 或 PDF，按 Accept）/ the statement as JSON, CSV or PDF by Accept",
        "content": {
            render.CSV: {"schema": {"type": "string"}},
            render.PDF: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/projects/{project_id}/statement",
    operation_id="getStatement",
    summary="项目专户对账单 / get the account's statement",
    response_model=StatementPublic,
    responses=_FORMS | problem_responses(401, 403, 404, StatementNotAcceptable),
)
async def get_statement(
    project_id: str,
    request: Request,
    rt: Rt,
    principal: FundsRead,
) -> Any:
    """专户收支明细（按业务日期）、余额、各类别、待支付拨付与应付款汇总；Accept 选择 JSON、CSV 或 PDF。

    The account's money in and out by business date with the running balance, its totals
    and categories, disbursements still held, and a summary of payables. `Accept:
    application/json` (default), `text/csv` or `application/pdf`; anything else → 406."""
    form = render.negotiate(request.headers.get("accept"))
    if form is None:
        raise StatementNotAcceptable.error("the statement is served as application/json, text/csv or application/pdf")
    async with rt.uow(principal.sub) as uow:
        statement = await build_statement(uow, project_id, principal)
    body = StatementPublic.of(statement, center_today())
    if form == render.CSV:
        name = f"statement-{project_id}.csv"
        return Response(
            render.to_csv(body),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    if form == render.PDF:
        pdf = await off_the_loop(render.to_pdf, body)
        return Response(
            pdf,
            media_type=render.PDF,
            headers={"Content-Disposition": f'attachment; filename="statement-{project_id}.pdf"'},
        )
    return body
