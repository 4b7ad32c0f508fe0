"""housing-svc's unit of work: one transaction, with every repository of the service
hanging off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import UnitOfWork
from housing_svc.projects.repository import ProjectRepository


class HousingUnitOfWork(UnitOfWork):
    projects: ProjectRepository

    def bind(self, session: AsyncSession) -> None:
        self.projects = ProjectRepository(session)
