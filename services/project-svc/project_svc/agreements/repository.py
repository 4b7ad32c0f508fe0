"""Queries of compensation: readable when the project is."""

from __future__ import annotations

from project_svc.agreements.tables import AgreementRow, CompensationDecisionRow, LandAgreementRow
from project_svc.projects.repository import StepRepository


class AgreementRepository(StepRepository[AgreementRow]):
    model = AgreementRow

    async def for_household(self, household_id: str) -> AgreementRow | None:
        return await self._get(AgreementRow.household_id == household_id)  # type: ignore[no-any-return]


class CompensationDecisionRepository(StepRepository[CompensationDecisionRow]):
    model = CompensationDecisionRow

    async def for_household(self, household_id: str) -> CompensationDecisionRow | None:
        return await self._get(CompensationDecisionRow.household_id == household_id)  # type: ignore[no-any-return]


class LandAgreementRepository(StepRepository[LandAgreementRow]):
    model = LandAgreementRow
