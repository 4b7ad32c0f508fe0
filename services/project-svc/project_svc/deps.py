"""Dependencies of project-svc's routes: the runtime, and who may do what (roles)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from expro_shared.auth import Principal, require_roles
from expro_shared.runtime import Runtime
from expro_shared.waiting import Notifier
from project_svc.uow import ProjectUnitOfWork


async def runtime(request: Request) -> Runtime[ProjectUnitOfWork]:
    """The running service (async: a plain ``def`` dependency costs a thread-pool hop per request)."""
    rt: Runtime[ProjectUnitOfWork] = request.app.state.runtime
    return rt


async def notifier(request: Request) -> Notifier:
    """Wakes a request waiting (``Prefer: wait``) on a task order's funding answer."""
    n: Notifier = request.app.state.runtime.extras["notifier"]
    return n


Rt = Annotated[Runtime[ProjectUnitOfWork], Depends(runtime)]
TaskOrderNotifier = Annotated[Notifier, Depends(notifier)]

#: Reads: the lifecycle roles plus auditor, owner units and districts (scoped to their org).
ProjectsRead = Annotated[
    Principal,
    require_roles("center_staff", "center_leader", "finance", "auditor", "housing_admin", "owner_unit", "district"),
]
ProjectsWrite = Annotated[Principal, require_roles("center_staff", "center_leader")]
BudgetWrite = Annotated[Principal, require_roles("center_leader", "center_staff")]
TaskOrdersIssue = Annotated[Principal, require_roles("center_leader")]
#: DESIGN §7: the lifecycle's steps are the center's; approving a plan and recording the
#: expropriation decision are its leader's.
LifecycleWrite = Annotated[Principal, require_roles("center_staff", "center_leader")]
LifecycleLeader = Annotated[Principal, require_roles("center_leader")]
