"""Handlers of the projection of projects: one per consumed event, each inside the
consumer's unit of work (committed with its inbox row, so a redelivery has no second effect)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.project import BudgetApproved, ProjectRegistered
from housing_svc.projects import domain
from housing_svc.projects.tables import ProjectRow

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork


async def on_project_registered(event: CloudEvent, data: ProjectRegistered, uow: HousingUnitOfWork) -> None:
    """Project a newly registered project (an existing row takes the newest facts)."""
    project = await uow.projects.get(data.project_id, lock=True)
    now = utcnow()
    if project is None:
        project = ProjectRow(
            id=data.project_id,
            code=data.code,
            name=data.name,
            land_type=data.land_type.value,
            district=data.district,
            owner_unit=data.owner_unit,
            registered_at=event.time,
            updated_at=now,
        )
    else:
        project.code = data.code
        project.name = data.name
        project.land_type = data.land_type.value
        project.district = data.district
        project.owner_unit = data.owner_unit
        project.updated_at = now
    uow.projects.add(project)


async def on_budget_approved(event: CloudEvent, data: BudgetApproved, uow: HousingUnitOfWork) -> None:
    """Keep the required deposit and the resettlement-housing budget of the project.

    A budget for a project housing has not seen raises, so the event is dead-lettered
    (and can be replayed once the registration arrives) instead of being lost."""
    project = await uow.projects.get(data.project_id, lock=True)
    if project is None:
        raise domain.UnknownProject(f"budget approved for unknown project {data.project_id}")
    if not domain.supersedes(project.budget_approved_at, event.time):
        return
    project.required_deposit_fen = data.required_deposit.fen
    project.resettlement_housing_fen = domain.resettlement_housing_budget(
        [(item.category, item.amount.fen) for item in data.items]
    )
    project.budget_approved_at = event.time
    project.updated_at = utcnow()
    uow.projects.add(project)
