"""housing-svc handlers: one per consumed event, each one transaction committed by the
consumer's unit of work (with its inbox row, so a redelivery has no second effect)."""

from __future__ import annotations

from expro_shared.db import UnitOfWork, utcnow
from expro_shared.events.contracts import BudgetApproved, EventData, ProjectRegistered
from expro_shared.events.envelope import CloudEvent
from housing_svc.adapters import repository as repo
from housing_svc.adapters.tables import ProjectRow
from housing_svc.domain import model


async def on_project_registered(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """Project a newly registered project (an existing row takes the newest facts)."""
    assert isinstance(data, ProjectRegistered)
    project = await repo.get_project(uow.session, data.project_id, lock=True)
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
    uow.session.add(project)


async def on_budget_approved(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """Keep the required deposit and the resettlement-housing budget of the project.

    A budget for a project housing has not seen raises, so the event is dead-lettered
    (and can be replayed once the registration arrives) instead of being lost."""
    assert isinstance(data, BudgetApproved)
    project = await repo.get_project(uow.session, data.project_id, lock=True)
    if project is None:
        raise model.UnknownProject(f"budget approved for unknown project {data.project_id}")
    if not model.supersedes(project.budget_approved_at, event.time):
        return
    project.required_deposit_fen = data.required_deposit.fen
    project.resettlement_housing_fen = model.resettlement_housing_budget(
        [(item.category, item.amount.fen) for item in data.items]
    )
    project.budget_approved_at = event.time
    project.updated_at = utcnow()
    uow.session.add(project)
