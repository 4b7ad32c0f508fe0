"""Queries of deposits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from expro_shared.db import Repository
from expro_shared.pagination import Keyset
from fund_svc.deposits.tables import DepositRow

_DEPOSIT = DepositRow.__table__.c  # type: ignore[attr-defined]
PAGES = Keyset((col(DepositRow.created_at), col(DepositRow.id)))


class DepositRepository(Repository):
    async def record(self, deposit: DepositRow) -> bool:
        """Insert the deposit unless its transfer is recorded for the project already, however
        its reference was spelled (the ``bank_reference_key`` constraint decides); False then."""
        return await self._insert_unless_taken(deposit)

    async def receipt(self, project_id: str, recorded_by: str, key: str) -> tuple[str, str] | None:
        """``(request hash, receipt)`` of the deposit ``recorded_by`` made with ``key``."""
        stmt = sa_select(_DEPOSIT.request_hash, _DEPOSIT.receipt).where(
            _DEPOSIT.project_id == project_id, _DEPOSIT.recorded_by == recorded_by, _DEPOSIT.idempotency_key == key
        )
        row = (await self._execute(stmt)).first()
        return None if row is None or row[0] is None or row[1] is None else (row[0], row[1])

    async def page(self, project_id: str, cursor: str | None, limit: int) -> list[Any]:
        """The account's deposits in the order they were recorded."""
        stmt = select(DepositRow).where(DepositRow.project_id == project_id)
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def of_project(self, project_id: str) -> list[DepositRow]:
        """Every deposit of the account, in the order recorded (statements)."""
        stmt = (
            select(DepositRow)
            .where(DepositRow.project_id == project_id)
            .order_by(col(DepositRow.created_at), col(DepositRow.id))
        )
        return await self._all(stmt)
