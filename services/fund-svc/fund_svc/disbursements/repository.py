"""Queries of disbursements. A disbursement is readable when its project's account is."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from fund_svc.disbursements.tables import DisbursementRow
from fund_svc.ledger.tables import AccountRow

PAGES = Keyset((col(DisbursementRow.created_at), col(DisbursementRow.id)))


class DisbursementRepository(Repository):
    model = DisbursementRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(DisbursementRow)
            .join(AccountRow, col(AccountRow.project_id) == col(DisbursementRow.project_id))
            .where(readable_clause(principal, AccountRow.owner_unit))
        )

    async def get(
        self, disbursement_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> DisbursementRow | None:
        """The disbursement, if ``principal`` (when given) may see it; ``lock`` serialises
        its steps (two payments of one disbursement: one waits and then sees it paid)."""
        return await self._get(DisbursementRow.id == disbursement_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def record(self, row: DisbursementRow) -> bool:
        """Insert the request unless the monthly run already made one for its household-month
        (the ``fee_run_key`` constraint decides); False then."""
        return await self._insert_unless_taken(row)

    async def page(self, project_id: str, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        """The account's disbursements in the order they were requested, narrowed by the
        filters that are set (column → value)."""
        stmt = select(DisbursementRow).where(DisbursementRow.project_id == project_id)
        for name, value in filters.items():
            if value is not None:
                stmt = stmt.where(getattr(DisbursementRow, name) == value)
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def of_project(self, project_id: str) -> list[DisbursementRow]:
        """Every disbursement of the account, oldest first (statements)."""
        stmt = (
            select(DisbursementRow)
            .where(DisbursementRow.project_id == project_id)
            .order_by(col(DisbursementRow.created_at), col(DisbursementRow.id))
        )
        return await self._all(stmt)

    async def taken_run_keys(self, keys: list[str]) -> set[str]:
        """Which of the monthly run's household-month keys already have their request."""
        if not keys:
            return set()
        stmt = select(DisbursementRow.fee_run_key).where(col(DisbursementRow.fee_run_key).in_(keys))
        return {k for k in await self._all(stmt) if k is not None}
