"""Dependencies of audit-svc's routes: the runtime, and who may do what (roles)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from audit_svc.trail.domain import SignedLog
from audit_svc.uow import AuditUnitOfWork
from expro_shared.auth import Principal, require_roles
from expro_shared.runtime import Runtime


async def runtime(request: Request) -> Runtime[AuditUnitOfWork]:
    """The running service (async: a plain ``def`` dependency costs a thread-pool hop per request)."""
    rt: Runtime[AuditUnitOfWork] = request.app.state.runtime
    return rt


Rt = Annotated[Runtime[AuditUnitOfWork], Depends(runtime)]

#: Reads of the trail and its verification: auditors and the center.
AuditRead = Annotated[Principal, require_roles("auditor", "center_leader", "center_staff")]


async def signed_log(request: Request) -> SignedLog:
    """The log's origin and checkpoint key (loaded once, when the service is wired)."""
    log: SignedLog = request.app.state.runtime.extras["log"]
    return log


Log = Annotated[SignedLog, Depends(signed_log)]
