"""Queries of fund-svc. Repositories read and stage; they never commit."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.pagination import keyset
from fund_svc.adapters.tables import AccountCategoryRow, AccountRow, DepositRow, FundingDecisionRow, RefundRow


async def get_account(session: AsyncSession, project_id: str, *, lock: bool = False) -> AccountRow | None:
    """The account; ``lock`` serialises balance changes (FOR UPDATE; SQLite: BEGIN IMMEDIATE)."""
    stmt = select(AccountRow).where(AccountRow.project_id == project_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).first()


async def categories(session: AsyncSession, project_id: str) -> list[AccountCategoryRow]:
    stmt = (
        select(AccountCategoryRow)
        .where(AccountCategoryRow.project_id == project_id)
        .order_by(col(AccountCategoryRow.category))
    )
    return list((await session.exec(stmt)).all())


async def deposit_by_reference(session: AsyncSession, project_id: str, bank_reference: str) -> DepositRow | None:
    stmt = select(DepositRow).where(DepositRow.project_id == project_id, DepositRow.bank_reference == bank_reference)
    return (await session.exec(stmt)).first()


async def list_deposits(session: AsyncSession, project_id: str, cursor: str | None, limit: int) -> list[DepositRow]:
    stmt = select(DepositRow).where(DepositRow.project_id == project_id)
    stmt = keyset(stmt, col(DepositRow.created_at), col(DepositRow.id), cursor, limit)
    return list((await session.exec(stmt)).all())


async def get_refund(session: AsyncSession, refund_id: str, *, lock: bool = False) -> RefundRow | None:
    stmt = select(RefundRow).where(RefundRow.id == refund_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.exec(stmt)).first()


async def list_refunds(session: AsyncSession, project_id: str, cursor: str | None, limit: int) -> list[RefundRow]:
    stmt = select(RefundRow).where(RefundRow.project_id == project_id)
    stmt = keyset(stmt, col(RefundRow.created_at), col(RefundRow.id), cursor, limit)
    return list((await session.exec(stmt)).all())


async def get_decision(session: AsyncSession, saga_id: str) -> FundingDecisionRow | None:
    return await session.get(FundingDecisionRow, saga_id)
