"""HTTP routes of audit-svc: thin — parse, authorise, read in one session."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from audit_svc.adapters import repository as repo
from audit_svc.adapters.tables import AuditRecordRow
from audit_svc.entrypoints.schemas import AuditChainReport, AuditRecordPublic
from audit_svc.service_layer import handlers
from expro_shared.auth import Principal, require_roles
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses, validation_error
from expro_shared.runtime import Runtime

router = APIRouter(prefix="/v1/audit")

AuditRead = Annotated[Principal, require_roles("auditor", "center_leader", "center_staff")]
SubjectFilter = Annotated[str | None, Query(description="项目标识 / project id (the event subject)")]
EventTypeFilter = Annotated[str | None, Query(description="事件类型 / e.g. expro.fund.deposit_recorded.v1")]


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def record_public(r: AuditRecordRow) -> AuditRecordPublic:
    return AuditRecordPublic.model_validate(r, from_attributes=True)


# The chain is ordered by seq alone, so the cursor is the last seq returned (opaque to clients).


def _encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{seq}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, seq = raw.partition(":")
        if prefix != "seq" or not seq.isdigit():
            raise ValueError(raw)
        return int(seq)
    except ValueError as exc:
        raise validation_error("cursor is not valid", ["query", "cursor"]) from exc


@router.get(
    "/records",
    tags=["audit"],
    operation_id="listAuditRecords",
    summary="审计记录列表 / list the audit trail",
    response_model=Page[AuditRecordPublic],
    responses=problem_responses(401, 403, 422),
)
async def list_records(
    request: Request,
    principal: AuditRead,
    subject: SubjectFilter = None,
    event_type: EventTypeFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按链上顺序分页列出已封存的事件，可按项目或事件类型筛选。

    Sealed events in chain order (oldest first), optionally of one project or one type."""
    after = _decode_cursor(cursor)
    async with _rt(request).db.sessionmaker() as session:
        rows = await repo.list_records(session, {"subject": subject, "event_type": event_type}, after, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = _encode_cursor(rows[-1].seq) if more and rows and rows[-1].seq is not None else None
    return {"items": [record_public(r) for r in rows], "next_cursor": nxt}


@router.get(
    "/records/{event_id}",
    tags=["audit"],
    operation_id="getAuditRecord",
    summary="审计记录详情 / get the audit record of an event",
    response_model=AuditRecordPublic,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_record(event_id: str, request: Request, principal: AuditRead) -> Any:
    """某事件的封存记录，含被哈希的原文与前后链接。

    The sealed record of one event: the payload exactly as hashed, and its links."""
    async with _rt(request).db.sessionmaker() as session:
        record = await repo.get_record(session, event_id)
    if record is None:
        raise not_found("audit record")
    return record_public(record)


@router.get(
    "/verify",
    tags=["audit"],
    operation_id="verifyAuditChain",
    summary="校验哈希链 / verify the audit chain",
    response_model=AuditChainReport,
    responses=problem_responses(401, 403),
)
async def verify_chain(request: Request, principal: AuditRead) -> Any:
    """从首条记录起重算整条哈希链并与链头比对；报告第一条异常记录的序号。

    Recomputes the whole chain from genesis and compares it with the recorded head;
    reports the seq of the first record that was altered, removed or cut off."""
    async with _rt(request).db.sessionmaker() as session:
        report = await handlers.verify_chain(session)
    return AuditChainReport.model_validate(report, from_attributes=True)
