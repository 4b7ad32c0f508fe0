"""HTTP routes of verification: thin — authorise, one read-only unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from audit_svc.deps import AuditRead, Rt
from audit_svc.verification import handlers
from audit_svc.verification.schemas import AuditChainReport
from expro_shared.problems import problem_responses

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get(
    "/verify",
    operation_id="verifyAuditChain",
    summary="校验哈希链 / verify the audit chain",
    response_model=AuditChainReport,
    responses=problem_responses(401, 403),
)
async def verify_chain(rt: Rt, principal: AuditRead) -> Any:
    """从首条记录起重算整条哈希链并与链头比对；报告第一条异常记录的序号。

    Recomputes the whole chain from genesis and compares it with the recorded head;
    reports the seq of the first record that was altered, removed or cut off."""
    async with rt.uow(principal.sub) as uow:  # read-only: nothing to commit
        report = await handlers.verify_chain(uow)
    return AuditChainReport.of(report)
