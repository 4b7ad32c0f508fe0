"""Queries of the ledger: accounts and their earmarked categories. ``readable(principal)``
is the one visibility filter every read of an account (and of what hangs off it) uses:
owner units see only their own projects' accounts."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from fund_svc.ledger.tables import AccountCategoryRow, AccountRow


class AccountRepository(Repository):
    model = AccountRow

    def readable(self, principal: Principal) -> Any:
        return select(AccountRow).where(readable_clause(principal, AccountRow.owner_unit))

    async def get(
        self, project_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> AccountRow | None:
        """The account, if ``principal`` (when given) may see it; ``lock`` serialises balance
        changes (FOR UPDATE, refreshing a row this session already holds; SQLite: BEGIN
        IMMEDIATE)."""
        return await self._get(AccountRow.project_id == project_id, principal=principal, lock=lock)  # type: ignore[no-any-return]


class CategoryRepository(Repository):
    async def of(self, project_id: str) -> list[AccountCategoryRow]:
        """The account's earmarked categories, by category."""
        stmt = (
            select(AccountCategoryRow)
            .where(AccountCategoryRow.project_id == project_id)
            .order_by(col(AccountCategoryRow.category))
        )
        return await self._all(stmt)
