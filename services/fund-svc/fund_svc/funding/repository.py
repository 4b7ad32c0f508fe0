"""Queries of funding decisions."""

from __future__ import annotations

from sqlmodel import select

from expro_shared.db import Repository
from fund_svc.funding.tables import FundingDecisionRow


class FundingDecisionRepository(Repository):
    async def get(self, saga_id: str) -> FundingDecisionRow | None:
        """The decision already taken for the saga, if any."""
        stmt = select(FundingDecisionRow).where(FundingDecisionRow.saga_id == saga_id)
        return await self._first(stmt)  # type: ignore[no-any-return]
