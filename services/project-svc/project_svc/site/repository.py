"""Queries of the site: readable when the project is."""

from __future__ import annotations

from expro_shared.auth import Principal
from project_svc.projects.repository import StepRepository
from project_svc.site.tables import ClearanceRow, DemolitionRow, SettlementRow


class DemolitionRepository(StepRepository[DemolitionRow]):
    model = DemolitionRow


class ClearanceRepository(StepRepository[ClearanceRow]):
    model = ClearanceRow


class SettlementRepository(StepRepository[SettlementRow]):
    model = SettlementRow

    async def for_project(self, project_id: str, *, principal: Principal | None = None) -> SettlementRow | None:
        """The project's settlement request, if ``principal`` (when given) may see the project."""
        return await self._get(SettlementRow.project_id == project_id, principal=principal)  # type: ignore[no-any-return]
