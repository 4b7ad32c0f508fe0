"""HTTP routes of fund-svc: thin — parse, authorise, call a handler in one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from expro_shared.auth import Principal, ensure_org_access, require_roles
from expro_shared.db import UnitOfWork
from expro_shared.events.contracts import BudgetCategory
from expro_shared.idempotency import IdempotencyKey, run_idempotent
from expro_shared.money import Money
from expro_shared.pagination import Cursor, Limit, Page, page_of
from expro_shared.problems import not_found, problem_responses
from expro_shared.runtime import Runtime
from fund_svc.adapters import repository as repo
from fund_svc.adapters.tables import AccountCategoryRow, AccountRow, DepositRow, RefundRow
from fund_svc.entrypoints.schemas import (
    AccountPublic,
    CategoryBalance,
    DepositCreate,
    DepositPublic,
    RefundCreate,
    RefundPublic,
)
from fund_svc.service_layer import handlers

router = APIRouter(prefix="/v1")

DepositsWrite = Annotated[Principal, require_roles("finance", "owner_unit")]
RefundsRequest = Annotated[Principal, require_roles("finance")]
RefundsApprove = Annotated[Principal, require_roles("finance", "center_leader")]
FundsRead = Annotated[Principal, require_roles("center_staff", "center_leader", "finance", "auditor", "owner_unit")]


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _visible(principal: Principal, account: AccountRow | None) -> AccountRow:
    if account is None:
        raise handlers.account_not_found()
    ensure_org_access(principal, account.owner_unit, "project account")
    return account


def deposit_public(d: DepositRow, total: int | None = None) -> DepositPublic:
    return DepositPublic(
        id=d.id,
        project_id=d.project_id,
        amount=Money(d.amount_fen),
        bank_reference=d.bank_reference,
        payer=d.payer,
        received_at=d.received_at,
        recorded_by=d.recorded_by,
        created_at=d.created_at,
        deposited_total=Money(total) if total is not None else None,
    )


def refund_public(r: RefundRow) -> RefundPublic:
    return RefundPublic(
        id=r.id,
        project_id=r.project_id,
        amount=Money(r.amount_fen),
        reason=r.reason,
        status=r.status,
        requested_by=r.requested_by,
        approved_by=r.approved_by,
        created_at=r.created_at,
        completed_at=r.completed_at,
    )


def account_public(a: AccountRow, cats: list[AccountCategoryRow]) -> AccountPublic:
    ledger = a.ledger()
    return AccountPublic(
        project_id=a.project_id,
        owner_unit=a.owner_unit,
        required=Money(ledger.required),
        deposited=Money(ledger.deposited),
        shortfall=Money(ledger.shortfall),
        fully_funded=ledger.fully_funded,
        committed=Money(ledger.committed),
        disbursed=Money(ledger.disbursed),
        available=Money(ledger.available),
        categories=[
            CategoryBalance(
                category=BudgetCategory(c.category),
                budget=Money(c.budget_fen),
                disbursed=Money(c.disbursed_fen),
                remaining=Money(c.budget_fen - c.disbursed_fen),
            )
            for c in cats
        ],
        updated_at=a.updated_at,
    )


@router.post(
    "/projects/{project_id}/deposits",
    tags=["deposits"],
    operation_id="recordDeposit",
    summary="登记预存款 / record a deposit",
    status_code=201,
    response_model=DepositPublic,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def record_deposit(
    project_id: str,
    body: DepositCreate,
    request: Request,
    principal: DepositsWrite,
    idempotency_key: IdempotencyKey,
) -> Any:
    """业主单位预存款存入项目专户；同一 Idempotency-Key 重放首次结果。

    Credits the project's dedicated account. Requires `Idempotency-Key`: the same key with
    the same body replays the first response, with another body → 422
    `idempotency-key-reused`. A bank reference is accepted once per project (409).
    A 201 means the deposit counts for every later issuance request."""
    rt = _rt(request)

    async def work(uow: UnitOfWork) -> tuple[int, Any]:
        _visible(principal, await repo.get_account(uow.session, project_id))
        deposit, account = await handlers.record_deposit(
            uow,
            handlers.RecordDeposit(
                project_id=project_id,
                amount_fen=body.amount.fen,
                bank_reference=body.bank_reference,
                payer=body.payer,
                received_at=body.received_at,
            ),
            principal.sub,
        )
        return 201, deposit_public(deposit, account.deposited_fen).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(rt.db, scope, idempotency_key, body.model_dump(mode="json"), work)


@router.get(
    "/projects/{project_id}/deposits",
    tags=["deposits"],
    operation_id="listDeposits",
    summary="预存款明细 / list deposits",
    response_model=Page[DepositPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_deposits(
    project_id: str, request: Request, principal: FundsRead, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """项目专户的预存款，按入账顺序。Deposits of the project's account, oldest first."""
    async with _rt(request).db.sessionmaker() as session:
        _visible(principal, await repo.get_account(session, project_id))
        rows = await repo.list_deposits(session, project_id, cursor, limit)
    return page_of(rows, limit, deposit_public)


@router.get(
    "/projects/{project_id}/account",
    tags=["accounts"],
    operation_id="getAccount",
    summary="项目专户余额 / get the project's account",
    response_model=AccountPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_account(project_id: str, request: Request, principal: FundsRead) -> Any:
    """应存、已存、缺口、是否足额、已锁定、已拨付、可用，及各专款类别余额。

    Required, deposited, shortfall, fully funded, committed (locked by issued task orders),
    disbursed, available, and the balance of each earmarked category."""
    async with _rt(request).db.sessionmaker() as session:
        account = _visible(principal, await repo.get_account(session, project_id))
        cats = await repo.categories(session, project_id)
    return account_public(account, cats)


@router.post(
    "/projects/{project_id}/refunds",
    tags=["refunds"],
    operation_id="requestRefund",
    summary="申请退回预存款 / request a refund",
    status_code=201,
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def request_refund(
    project_id: str,
    body: RefundCreate,
    request: Request,
    principal: RefundsRequest,
    idempotency_key: IdempotencyKey,
) -> Any:
    """财务申请退回（经办），须另一人审批（复核）。A refund is requested by one person and
    approved by another; one that would undercut funding committed to issued task orders is
    refused (409) at request and again at approval."""
    rt = _rt(request)

    async def work(uow: UnitOfWork) -> tuple[int, Any]:
        _visible(principal, await repo.get_account(uow.session, project_id))
        refund = await handlers.request_refund(uow, project_id, body.amount.fen, body.reason, principal.sub)
        return 201, refund_public(refund).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(rt.db, scope, idempotency_key, body.model_dump(mode="json"), work)


@router.post(
    "/refunds/{refund_id}/approve",
    tags=["refunds"],
    operation_id="approveRefund",
    summary="审批退回 / approve a refund",
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404, 409),
)
async def approve_refund(refund_id: str, request: Request, principal: RefundsApprove) -> Any:
    """复核人（非申请人）审批后资金退回；emits `refund_recorded`. The approver must not be the requester."""
    async with _rt(request).db.uow() as uow:
        refund = await repo.get_refund(uow.session, refund_id)
        if refund is None:
            raise not_found("refund")
        _visible(principal, await repo.get_account(uow.session, refund.project_id))
        refund, _ = await handlers.approve_refund(uow, refund_id, principal.sub)
        await uow.commit()
    return refund_public(refund)


@router.get(
    "/refunds/{refund_id}",
    tags=["refunds"],
    operation_id="getRefund",
    summary="退回详情 / get a refund",
    response_model=RefundPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_refund(refund_id: str, request: Request, principal: FundsRead) -> Any:
    """退回申请及其状态。A refund and its status."""
    async with _rt(request).db.sessionmaker() as session:
        refund = await repo.get_refund(session, refund_id)
        if refund is None:
            raise not_found("refund")
        _visible(principal, await repo.get_account(session, refund.project_id))
    return refund_public(refund)
