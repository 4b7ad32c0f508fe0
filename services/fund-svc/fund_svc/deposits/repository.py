"""Queries of deposits."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.db import Repository
from expro_shared.normalise import comparison_key
from expro_shared.pagination import Keyset
from fund_svc.deposits.tables import DepositRow

PAGES = Keyset((col(DepositRow.created_at), col(DepositRow.id)))


class DepositRepository(Repository):
    async def by_reference(self, project_id: str, bank_reference: str) -> DepositRow | None:
        """The deposit of this transfer, however its reference was spelled."""
        stmt = select(DepositRow).where(
            DepositRow.project_id == project_id, DepositRow.bank_reference_key == comparison_key(bank_reference)
        )
        return await self._first(stmt)  # type: ignore[no-any-return]

    async def page(self, project_id: str, cursor: str | None, limit: int) -> list[Any]:
        """The account's deposits in the order they were recorded."""
        stmt = select(DepositRow).where(DepositRow.project_id == project_id)
        return await self._all(PAGES.apply(stmt, cursor, limit))
