"""HTTP routes of the trail: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from audit_svc.deps import AuditRead, Rt
from audit_svc.trail.repository import PAGES
from audit_svc.trail.schemas import AuditRecordPublic
from expro_shared.pagination import Limit, Page, SeqCursor
from expro_shared.problems import not_found, problem_responses

router = APIRouter(prefix="/v1/audit", tags=["audit"])

SubjectFilter = Annotated[str | None, Query(description="项目标识 / project id (the event subject)")]
EventTypeFilter = Annotated[str | None, Query(description="事件类型 / e.g. expro.fund.deposit_recorded.v1")]


@router.get(
    "/records",
    operation_id="listAuditRecords",
    summary="审计记录列表 / list the audit trail",
    response_model=Page[AuditRecordPublic],
    responses=problem_responses(401, 403, 422),
)
async def list_records(
    rt: Rt,
    principal: AuditRead,
    subject: SubjectFilter = None,
    event_type: EventTypeFilter = None,
    limit: Limit = 50,
    cursor: SeqCursor = None,
) -> Any:
    """按链上顺序分页列出已封存的事件，可按项目或事件类型筛选。

    Sealed events in chain order (oldest first), optionally of one project or one type."""
    async with rt.uow(principal.sub) as uow:
        rows = await uow.records.page({"subject": subject, "event_type": event_type}, cursor, limit)
    return PAGES.page(rows, limit, AuditRecordPublic.of)


@router.get(
    "/records/{event_id}",
    operation_id="getAuditRecord",
    summary="审计记录详情 / get the audit record of an event",
    response_model=AuditRecordPublic,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_record(event_id: str, rt: Rt, principal: AuditRead) -> Any:
    """某事件的封存记录，含被哈希的原文与前后链接。

    The sealed record of one event: the payload exactly as hashed, and its links."""
    async with rt.uow(principal.sub) as uow:
        record = await uow.records.get(event_id)
    if record is None:
        raise not_found("audit record")
    return AuditRecordPublic.of(record)
