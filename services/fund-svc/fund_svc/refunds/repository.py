"""Queries of refunds. A refund is readable when its project's account is."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from fund_svc.ledger.tables import AccountRow
from fund_svc.refunds.tables import RefundRow


class RefundRepository(Repository):
    model = RefundRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(RefundRow)
            .join(AccountRow, col(AccountRow.project_id) == col(RefundRow.project_id))
            .where(readable_clause(principal, AccountRow.owner_unit))
        )

    async def get(self, refund_id: str, *, principal: Principal | None = None, lock: bool = False) -> RefundRow | None:
        """The refund, if ``principal`` (when given) may see it; ``lock`` serialises its approval."""
        return await self._get(RefundRow.id == refund_id, principal=principal, lock=lock)  # type: ignore[no-any-return]

    async def completed_of(self, project_id: str) -> list[RefundRow]:
        """The account's completed refunds, oldest first (statements)."""
        stmt = (
            select(RefundRow)
            .where(RefundRow.project_id == project_id, RefundRow.status == "completed")
            .order_by(col(RefundRow.completed_at), col(RefundRow.id))
        )
        return await self._all(stmt)
