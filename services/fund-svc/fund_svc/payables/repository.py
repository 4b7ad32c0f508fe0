"""Queries of payables. A payable is readable when its project's account is."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from expro_shared.auth import Principal, readable_clause
from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from fund_svc.ledger.tables import AccountRow
from fund_svc.payables.tables import PayableRow

PAGES = Keyset((col(PayableRow.created_at), col(PayableRow.id)))
_PAYABLES = PayableRow.__table__  # type: ignore[attr-defined]


def _not_fully_paid() -> Any:
    return col(PayableRow.paid_fen) < col(PayableRow.amount_fen)


class PayableRepository(Repository):
    model = PayableRow

    def readable(self, principal: Principal) -> Any:
        return (
            select(PayableRow)
            .join(AccountRow, col(AccountRow.project_id) == col(PayableRow.project_id))
            .where(readable_clause(principal, AccountRow.owner_unit))
        )

    async def record(self, row: PayableRow) -> bool:
        """Insert the payable unless its agreement's (or decision's) exists; False then."""
        return await self._insert_unless_taken(row)

    async def get(self, payable_id: str) -> PayableRow | None:
        return await self._get(PayableRow.id == payable_id)  # type: ignore[no-any-return]

    async def of_agreement(self, project_id: str, agreement_id: str) -> PayableRow | None:
        """The agreement's payable (read under the account's lock: ``lock_ledger`` first)."""
        stmt = select(PayableRow).where(PayableRow.project_id == project_id, PayableRow.agreement_id == agreement_id)
        return await self._first(stmt, lock=True)  # type: ignore[no-any-return]

    async def of_decision(self, project_id: str, decision_id: str) -> PayableRow | None:
        stmt = select(PayableRow).where(PayableRow.project_id == project_id, PayableRow.decision_id == decision_id)
        return await self._first(stmt, lock=True)  # type: ignore[no-any-return]

    async def of_household(self, project_id: str, household_id: str) -> PayableRow | None:
        """The household's compensation payable, if it has one (read under the account's lock)."""
        stmt = select(PayableRow).where(PayableRow.project_id == project_id, PayableRow.household_id == household_id)
        return await self._first(stmt, lock=True)  # type: ignore[no-any-return]

    async def page(self, project_id: str, cursor: str | None, limit: int) -> list[Any]:
        stmt = select(PayableRow).where(PayableRow.project_id == project_id)
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def overdue_page(self, principal: Principal, today: date, cursor: str | None, limit: int) -> list[Any]:
        """Payables past their due date and not fully paid, of the accounts ``principal`` sees."""
        stmt = self.readable(principal).where(col(PayableRow.due_on) < today, _not_fully_paid())
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def of_project(self, project_id: str) -> list[PayableRow]:
        stmt = (
            select(PayableRow)
            .where(PayableRow.project_id == project_id)
            .order_by(col(PayableRow.created_at), col(PayableRow.id))
        )
        return await self._all(stmt)

    async def open_count(self, project_id: str) -> int:
        """How many of the account's payables are not fully paid."""
        stmt = select(PayableRow.id).where(PayableRow.project_id == project_id, _not_fully_paid())
        return len(await self._all(stmt))

    async def mark_overdue(self, today: date, limit: int) -> list[Any]:
        """Claim up to ``limit`` payables that became overdue and were never reported, in one
        statement (``UPDATE … RETURNING``): each is claimed once, whoever sweeps at once."""
        ids = (
            select(PayableRow.id)
            .where(
                col(PayableRow.due_on) < today,
                _not_fully_paid(),
                col(PayableRow.overdue_notified_on).is_(None),
            )
            .order_by(col(PayableRow.due_on), col(PayableRow.id))
            .limit(limit)
            .scalar_subquery()
        )
        stmt = (
            update(_PAYABLES)
            .where(_PAYABLES.c.id.in_(ids), _PAYABLES.c.overdue_notified_on.is_(None))
            .values(overdue_notified_on=today)
            .returning(*_PAYABLES.c)
        )
        return list((await self._execute(stmt)).all())
