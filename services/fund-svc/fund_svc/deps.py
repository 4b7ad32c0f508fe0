"""Dependencies of fund-svc's routes: the runtime, and who may do what (roles)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from expro_shared.auth import Principal, require_roles
from expro_shared.runtime import Runtime
from fund_svc.uow import FundUnitOfWork


async def runtime(request: Request) -> Runtime[FundUnitOfWork]:
    """The running service (async: a plain ``def`` dependency costs a thread-pool hop per request)."""
    rt: Runtime[FundUnitOfWork] = request.app.state.runtime
    return rt


Rt = Annotated[Runtime[FundUnitOfWork], Depends(runtime)]

#: Deposits: finance, or the owner unit paying into its own project's account.
DepositsWrite = Annotated[Principal, require_roles("finance", "owner_unit")]
#: Refunds are requested by finance (maker) and approved by another person (checker).
RefundsRequest = Annotated[Principal, require_roles("finance")]
RefundsApprove = Annotated[Principal, require_roles("finance", "center_leader")]
#: Reads: the center, finance, auditors, and owner units (scoped to their own projects).
FundsRead = Annotated[Principal, require_roles("center_staff", "center_leader", "finance", "auditor", "owner_unit")]
