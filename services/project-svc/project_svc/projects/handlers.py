"""Handlers of projects, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import ProjectRegistered
from project_svc.errors import ProjectCodeTaken
from project_svc.projects.commands import RegisterProject
from project_svc.projects.domain import ProjectStatus
from project_svc.projects.tables import ProjectRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def register_project(uow: ProjectUnitOfWork, cmd: RegisterProject) -> ProjectRow:
    """Register the project and announce it (fund-svc opens its account on this event)."""
    now = utcnow()
    project = ProjectRow(
        id=str(uuid.uuid4()),
        code=cmd.code,
        name=cmd.name,
        land_type=cmd.land_type.value,
        district=cmd.district,
        owner_unit=cmd.owner_unit,
        planned_households=cmd.planned_households,
        planned_area_m2=cmd.planned_area_m2,
        status=ProjectStatus.REGISTERED.value,
        created_by=uow.actor,
        created_at=now,
        updated_at=now,
    )
    if not await uow.projects.register(project):
        raise ProjectCodeTaken.error(f"a project with code {cmd.code!r} already exists")
    uow.emit(
        ProjectRegistered(
            project_id=project.id,
            code=project.code,
            name=project.name,
            land_type=cmd.land_type,
            district=project.district,
            owner_unit=project.owner_unit,
            planned_households=project.planned_households,
            planned_area_m2=project.planned_area_m2,
        )
    )
    return project
