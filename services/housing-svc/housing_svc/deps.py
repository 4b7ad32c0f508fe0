"""Dependencies of housing-svc's routes: the runtime, and who may do what (roles)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from expro_shared.auth import Principal, require_roles
from expro_shared.runtime import Runtime
from housing_svc.uow import HousingUnitOfWork


async def runtime(request: Request) -> Runtime[HousingUnitOfWork]:
    """The running service (async: a plain ``def`` dependency costs a thread-pool hop per request)."""
    rt: Runtime[HousingUnitOfWork] = request.app.state.runtime
    return rt


Rt = Annotated[Runtime[HousingUnitOfWork], Depends(runtime)]

#: Reads: the lifecycle roles plus auditor, owner units and districts (scoped to their org).
HousingRead = Annotated[
    Principal,
    require_roles("center_staff", "center_leader", "finance", "auditor", "housing_admin", "owner_unit", "district"),
]
#: Housing's own steps (stock, rounds, lottery, choices, delivery): the housing administrators.
HousingWrite = Annotated[Principal, require_roles("housing_admin")]
#: A collective villager's eligibility is reviewed by the district of the project (its org).
EligibilityReview = Annotated[Principal, require_roles("district")]
