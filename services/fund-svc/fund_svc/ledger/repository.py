"""Queries of the ledger: accounts and their earmarked categories. ``readable(principal)``
is the one visibility filter every read of an account (and of what hangs off it) uses:
owner units see only their own projects' accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, bindparam, true, update
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import True_
from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository, UTCDateTime
from fund_svc.ledger.domain import CategoryBalance, Ledger
from fund_svc.ledger.tables import AccountCategoryRow, AccountRow

_ACCOUNTS = AccountRow.__table__  # type: ignore[attr-defined]
_ACCOUNT = _ACCOUNTS.c
_BALANCES = (
    _ACCOUNT.required_fen,
    _ACCOUNT.deposited_fen,
    _ACCOUNT.committed_fen,
    _ACCOUNT.disbursed_fen,
    _ACCOUNT.held_fen,
    _ACCOUNT.closed,
)
_CATEGORIES = AccountCategoryRow.__table__  # type: ignore[attr-defined]
_CATEGORY = _CATEGORIES.c
#: Built once (a deposit's hottest statement): values bound per call, cache key computed once.
_CREDIT = (
    update(_ACCOUNTS)
    .where(_ACCOUNT.project_id == bindparam("account"))
    .values(
        deposited_fen=_ACCOUNT.deposited_fen + bindparam("amount_fen", type_=BigInteger),
        updated_at=bindparam("at", type_=UTCDateTime),
    )
    .returning(*_BALANCES)
)


def _ledger(row: Any) -> Ledger:
    required, deposited, committed, disbursed, held, closed = row
    return Ledger(required, deposited, committed, disbursed, held, bool(closed))


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

    async def lock_ledger(self, project_id: str, *, principal: Principal | None = None) -> Ledger | None:
        """The account's balances, locked until the transaction ends (FOR UPDATE; SQLite:
        BEGIN IMMEDIATE), if ``principal`` (when given) may see the account. Every balance
        change reads here and writes with ``save_ledger``: plain rows on Core, one statement
        each, no ORM object to load and flush on the hottest path."""
        stmt = sa_select(*_BALANCES).where(_ACCOUNT.project_id == project_id)
        if principal is not None:
            stmt = stmt.where(readable_clause(principal, _ACCOUNT.owner_unit))
        row = (await self._execute(stmt.with_for_update())).first()
        return None if row is None else _ledger(row)

    async def credit(
        self, project_id: str, amount_fen: int, at: datetime, *, principal: Principal | None = None
    ) -> Ledger | None:
        """Add ``amount_fen`` to the deposits in one statement that also takes the row lock
        (``UPDATE … RETURNING``), if ``principal`` (when given) may see the account: the
        balances after it, or None. The caller checks them with the domain's rule and rolls
        back a refused deposit; a deposit only adds, so nothing needs reading first."""
        stmt = _CREDIT
        visible = readable_clause(principal, _ACCOUNT.owner_unit) if principal is not None else true()
        if not isinstance(visible, True_):  # an owner unit: only its own accounts
            stmt = stmt.where(visible)
        row = (await self._execute(stmt, {"account": project_id, "amount_fen": amount_fen, "at": at})).first()
        return None if row is None else _ledger(row)

    async def save_ledger(self, project_id: str, ledger: Ledger, at: datetime) -> None:
        """Write the balances read locked by ``lock_ledger`` in this transaction."""
        await self._execute(
            update(_ACCOUNTS)
            .where(_ACCOUNT.project_id == project_id)
            .values(
                required_fen=ledger.required,
                deposited_fen=ledger.deposited,
                committed_fen=ledger.committed,
                disbursed_fen=ledger.disbursed,
                held_fen=ledger.held,
                closed=ledger.closed,
                updated_at=at,
            )
        )


class CategoryRepository(Repository):
    async def of(self, project_id: str) -> list[AccountCategoryRow]:
        """The account's earmarked categories, by category."""
        stmt = (
            select(AccountCategoryRow)
            .where(AccountCategoryRow.project_id == project_id)
            .order_by(col(AccountCategoryRow.category))
        )
        return await self._all(stmt)

    async def balance(self, project_id: str, category: str) -> CategoryBalance:
        """One category's balance (read under the account's lock: ``lock_ledger`` first);
        a category the budget never named has a budget of 0."""
        stmt = sa_select(_CATEGORY.budget_fen, _CATEGORY.held_fen, _CATEGORY.disbursed_fen).where(
            _CATEGORY.project_id == project_id, _CATEGORY.category == category
        )
        row = (await self._execute(stmt)).first()
        return CategoryBalance() if row is None else CategoryBalance(*row)

    async def save_balance(self, project_id: str, category: str, balance: CategoryBalance) -> None:
        """Write a category's holds and payments (its row exists: a hold needs a budget)."""
        await self._execute(
            update(_CATEGORIES)
            .where(_CATEGORY.project_id == project_id, _CATEGORY.category == category)
            .values(held_fen=balance.held, disbursed_fen=balance.paid)
        )
