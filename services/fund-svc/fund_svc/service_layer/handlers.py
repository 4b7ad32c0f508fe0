"""fund-svc handlers: one per command and per consumed event, each one transaction
(ledger change + outbox rows) committed by the caller's unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from expro_shared.db import UnitOfWork, utcnow
from expro_shared.events.contracts import (
    AccountOpened,
    BudgetApproved,
    DepositRecorded,
    EventData,
    FundingConfirmed,
    FundingShortfall,
    ProjectRegistered,
    RefundRecorded,
    TaskOrderIssuanceRequested,
)
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.money import Money
from expro_shared.problems import ProblemError, conflict, not_found
from fund_svc.adapters import repository as repo
from fund_svc.adapters.tables import AccountCategoryRow, AccountRow, DepositRow, FundingDecisionRow, RefundRow
from fund_svc.domain import ledger as ledger_rules

SOURCE = "/fund-svc"


def account_not_found() -> ProblemError:
    """fund-svc opens an account when project-svc's ``project_registered`` reaches it."""
    return ProblemError(
        404,
        "not-found",
        "Not Found",
        "no account for this project: the project is unknown, or its registration has not reached fund-svc yet",
    )


def _publish(uow: UnitOfWork, data: EventData, actor: str, **kw: object) -> CloudEvent:
    event = new_event(data, source=SOURCE, actor=actor, **kw)  # type: ignore[arg-type]
    uow.publish(event, data.TOPIC)
    return event


# --- commands --------------------------------------------------------------------


@dataclass(frozen=True)
class RecordDeposit:
    project_id: str
    amount_fen: int
    bank_reference: str
    payer: str
    received_at: datetime


async def record_deposit(uow: UnitOfWork, cmd: RecordDeposit, actor: str) -> tuple[DepositRow, AccountRow]:
    """Credit the dedicated account. Committed before the 201, so it counts for every later
    issuance request (§5 step 2)."""
    account = await repo.get_account(uow.session, cmd.project_id, lock=True)
    if account is None:
        raise account_not_found()
    if await repo.deposit_by_reference(uow.session, cmd.project_id, cmd.bank_reference) is not None:
        raise conflict(f"bank reference {cmd.bank_reference!r} is already recorded for this project")
    account.apply(account.ledger().deposit(cmd.amount_fen))
    now = utcnow()
    account.updated_at = now
    deposit = DepositRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        amount_fen=cmd.amount_fen,
        bank_reference=cmd.bank_reference,
        payer=cmd.payer,
        received_at=cmd.received_at,
        recorded_by=actor,
        created_at=now,
    )
    uow.session.add_all([account, deposit])
    _publish(
        uow,
        DepositRecorded(
            project_id=cmd.project_id,
            deposit_id=deposit.id,
            amount=Money(cmd.amount_fen),
            bank_reference=cmd.bank_reference,
            deposited_total=Money(account.deposited_fen),
        ),
        actor,
    )
    return deposit, account


def _refuse(exc: ledger_rules.RefundRefused) -> ProblemError:
    return conflict(
        "the refund would bring the deposits below the amount committed to issued task orders",
        available=Money(exc.available).yuan,
    )


async def request_refund(uow: UnitOfWork, project_id: str, amount_fen: int, reason: str, actor: str) -> RefundRow:
    """Maker step of a refund: checked now, and again when approved."""
    account = await repo.get_account(uow.session, project_id, lock=True)
    if account is None:
        raise account_not_found()
    try:
        account.ledger().refund(amount_fen)
    except ledger_rules.RefundRefused as exc:
        raise _refuse(exc) from exc
    refund = RefundRow(
        id=str(uuid.uuid4()),
        project_id=project_id,
        amount_fen=amount_fen,
        reason=reason,
        status="requested",
        requested_by=actor,
        created_at=utcnow(),
    )
    uow.session.add(refund)
    return refund


async def approve_refund(uow: UnitOfWork, refund_id: str, actor: str) -> tuple[RefundRow, AccountRow]:
    """Checker step: a second person approves; the money leaves only if it still may."""
    refund = await repo.get_refund(uow.session, refund_id, lock=True)
    if refund is None:
        raise not_found("refund")
    if refund.status != "requested":
        raise conflict(f"the refund is already {refund.status}")
    if refund.requested_by == actor:
        raise ProblemError(
            403, "forbidden", "Forbidden", "maker-checker: the requester cannot approve their own refund"
        )
    account = await repo.get_account(uow.session, refund.project_id, lock=True)
    assert account is not None
    try:
        account.apply(account.ledger().refund(refund.amount_fen))
    except ledger_rules.RefundRefused as exc:
        raise _refuse(exc) from exc
    now = utcnow()
    account.updated_at = now
    refund.status = "completed"
    refund.approved_by = actor
    refund.completed_at = now
    uow.session.add_all([account, refund])
    _publish(
        uow,
        RefundRecorded(
            project_id=refund.project_id,
            refund_id=refund.id,
            amount=Money(refund.amount_fen),
            deposited_total=Money(account.deposited_fen),
            requested_by=refund.requested_by,
            approved_by=actor,
        ),
        actor,
    )
    return refund, account


# --- events ----------------------------------------------------------------------


def _open_account(
    uow: UnitOfWork, cause: CloudEvent, project_id: str, owner_unit: str, land_type: str, code: str | None
) -> AccountRow:
    now = utcnow()
    account = AccountRow(
        project_id=project_id,
        code=code,
        owner_unit=owner_unit,
        land_type=land_type,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(account)
    _publish(uow, AccountOpened(project_id=project_id, owner_unit=owner_unit), cause.actor, causation=cause)
    return account


async def on_project_registered(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """Open the project's dedicated account (专户)."""
    assert isinstance(data, ProjectRegistered)
    if await repo.get_account(uow.session, data.project_id) is None:
        _open_account(uow, event, data.project_id, data.owner_unit, data.land_type.value, data.code)


async def on_budget_approved(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """Record the required deposit and the earmarked budget of each category."""
    assert isinstance(data, BudgetApproved)
    account = await repo.get_account(uow.session, data.project_id, lock=True)
    if account is None:
        account = _open_account(uow, event, data.project_id, data.owner_unit, data.land_type.value, None)
    now = utcnow()
    account.required_fen = data.required_deposit.fen
    account.updated_at = now
    uow.session.add(account)
    existing = {c.category: c for c in await repo.categories(uow.session, data.project_id)}
    for item in data.items:
        row = existing.pop(item.category.value, None) or AccountCategoryRow(
            project_id=data.project_id, category=item.category.value
        )
        row.budget_fen = item.amount.fen
        uow.session.add(row)
    for row in existing.values():
        row.budget_fen = 0
        uow.session.add(row)


async def on_issuance_requested(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """§5 step 2: decide on our own committed deposits; one decision per request."""
    assert isinstance(data, TaskOrderIssuanceRequested)
    saga_id = event.correlationid or event.id
    if await repo.get_decision(uow.session, saga_id) is not None:
        return
    account = await repo.get_account(uow.session, data.project_id, lock=True)
    ledger = account.ledger() if account is not None else ledger_rules.Ledger()
    decision, after = ledger_rules.decide_funding(ledger, data.required_deposit.fen)
    if account is not None:
        account.apply(after)
        account.updated_at = utcnow()
        uow.session.add(account)
    uow.session.add(
        FundingDecisionRow(
            saga_id=saga_id,
            task_order_id=data.task_order_id,
            project_id=data.project_id,
            confirmed=decision.confirmed,
            required_fen=decision.required,
            deposited_fen=decision.deposited,
            decided_at=utcnow(),
        )
    )
    answer: EventData
    if decision.confirmed:
        answer = FundingConfirmed(
            project_id=data.project_id,
            task_order_id=data.task_order_id,
            required=Money(decision.required),
            deposited=Money(decision.deposited),
        )
    else:
        answer = FundingShortfall(
            project_id=data.project_id,
            task_order_id=data.task_order_id,
            required=Money(decision.required),
            deposited=Money(decision.deposited),
            shortfall=Money(decision.shortfall),
        )
    _publish(uow, answer, event.actor, causation=event, correlationid=saga_id)
