"""housing-svc's unit of work: one transaction, with every repository of the service
hanging off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import UnitOfWork
from housing_svc.eligibilities.repository import EligibilityRepository
from housing_svc.projects.repository import ProjectRepository
from housing_svc.selection.repository import AllocationRepository, RoundRepository
from housing_svc.units.repository import UnitRepository


class HousingUnitOfWork(UnitOfWork):
    projects: ProjectRepository
    units: UnitRepository
    eligibilities: EligibilityRepository
    rounds: RoundRepository
    allocations: AllocationRepository

    def bind(self, session: AsyncSession) -> None:
        self.projects = ProjectRepository(session)
        self.units = UnitRepository(session)
        self.eligibilities = EligibilityRepository(session)
        self.rounds = RoundRepository(session)
        self.allocations = AllocationRepository(session)
