"""Dependencies of fund-svc's routes: the runtime, and who may do what (roles)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from expro_shared.auth import Principal, require_roles
from expro_shared.runtime import Runtime
from fund_svc.config import FundSettings
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
#: Disbursements (拨付): requested by finance or center staff, reviewed by another finance
#: user, approved by a center leader who neither requested nor reviewed, paid by finance.
DisbursementsRequest = Annotated[Principal, require_roles("finance", "center_staff")]
DisbursementsReview = Annotated[Principal, require_roles("finance")]
DisbursementsApprove = Annotated[Principal, require_roles("center_leader")]
DisbursementsReject = Annotated[Principal, require_roles("finance", "center_leader")]
DisbursementsPay = Annotated[Principal, require_roles("finance")]
#: Transition-fee policy (过渡费标准): the center sets it; the monthly run is requested
#: like any disbursement (finance or center staff).
FeePolicyWrite = Annotated[Principal, require_roles("center_staff", "center_leader")]
FeeRun = Annotated[Principal, require_roles("finance", "center_staff")]
#: Overdue sweep (on demand, beside the background one): the center and finance.
OverdueSweep = Annotated[Principal, require_roles("finance", "center_staff", "center_leader")]
#: Settlement (结算): the center leader closes the account and refunds the remainder.
SettleAccount = Annotated[Principal, require_roles("center_leader")]


def fund_settings(rt: Runtime[FundUnitOfWork]) -> FundSettings:
    settings = rt.settings
    assert isinstance(settings, FundSettings)
    return settings
