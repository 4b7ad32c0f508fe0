"""HTTP route of housing statistics: thin — the figures come from the repositories'
aggregate queries, by business dates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from expro_shared.problems import problem_responses
from expro_shared.vocabulary import Money
from housing_svc.areas import format_area
from housing_svc.deps import HousingRead, Rt
from housing_svc.statistics.domain import period
from housing_svc.statistics.schemas import CommunityStatistics, HousingStatistics, ProjectStatistics

router = APIRouter(prefix="/v1/housing", tags=["statistics"])


@router.get(
    "/statistics",
    operation_id="getHousingStatistics",
    summary="安置房统计 / housing statistics",
    response_model=HousingStatistics,
    responses=problem_responses(401, 403),
)
async def get_statistics(
    rt: Rt,
    principal: HousingRead,
    year: Annotated[int | None, Query(ge=2000, le=2200, description="统计年度 / the year to count")] = None,
) -> Any:
    """按小区与项目统计房源、资格、选房、交房与差价；按业务日期计数（竣工、签约、选房、交房日期）。

    Per community (the shared stock: every reader sees it) and per project (the projects
    the caller may read). With `year`, each "in period" figure counts the steps whose own
    date (completed_on, signed_on, chosen_on, delivered_on) falls in that year; the current
    statuses are states, not dates."""
    days = period(year)
    async with rt.uow(principal.sub) as uow:
        stock = await uow.units.by_community(days)
        chosen = {row[0]: row for row in await uow.allocations.counts("community", days)}
        projects = await uow.projects.readable_all(principal)
        ids = [p.id for p in projects]
        statuses = await uow.eligibilities.by_project_and_status(ids, days)
        allocated = {row[0]: row for row in await uow.allocations.counts("project_id", days, ids)}
    communities = [
        CommunityStatistics(
            community=community,
            units=int(units),
            available=int(available),
            allocated=int(allocated_now),
            delivered=int(delivered_now),
            area_m2=format_area(int(area)),
            completed_in_period=int(completed),
            chosen_in_period=int(chosen.get(community, (None, 0))[1]),
            delivered_in_period=int(chosen.get(community, (None, 0, 0))[2]),
        )
        for community, units, available, allocated_now, delivered_now, area, completed in stock
    ]
    by_status: dict[tuple[str, str], int] = {(pid, status): int(n) for pid, status, n in statuses}
    rows = []
    for p in projects:
        _, chose, delivered, late, pays, receives = allocated.get(p.id, (p.id, 0, 0, 0, 0, 0))
        rows.append(
            ProjectStatistics(
                project_id=p.id,
                code=p.code,
                name=p.name,
                eligible=by_status.get((p.id, "eligible"), 0),
                pending_review=by_status.get((p.id, "pending_review"), 0),
                rejected=by_status.get((p.id, "rejected"), 0),
                chosen_in_period=int(chose),
                delivered_in_period=int(delivered),
                delivered_late_in_period=int(late),
                household_pays=Money(int(pays)),
                household_receives=Money(int(receives)),
            )
        )
    return HousingStatistics(year=year, communities=communities, projects=rows)
