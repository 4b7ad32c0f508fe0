"""Handlers of payables (应付): project-svc's agreements and compensation decisions create
them; a sweep reports those past due once. Each runs inside a unit of work."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import PayableCreated, PayableOverdue, PayableRevised
from expro_shared.events.project import AgreementSigned, CompensationDecisionMade
from expro_shared.requests import center_today
from expro_shared.vocabulary import Money
from fund_svc.payables.tables import PayableRow

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


class AccountMissing(RuntimeError):
    """A payable for a project whose account fund-svc never opened: the event is retried and
    then dead-lettered, for an operator to replay once the project's registration arrived."""


async def _create(
    uow: FundUnitOfWork,
    cause: CloudEvent,
    project_id: str,
    household_id: str,
    due_on: date,
    amount_fen: int,
    *,
    agreement_id: str | None = None,
    decision_id: str | None = None,
) -> None:
    # the account's lock: a disbursement may be holding toward this household's payable
    if await uow.accounts.lock_ledger(project_id) is None:
        raise AccountMissing(f"no account for project {project_id}: its registration has not reached fund-svc")
    existing = await uow.payables.of_household(project_id, household_id)
    if existing is not None:
        await _revise(uow, cause, existing, due_on, amount_fen, agreement_id=agreement_id, decision_id=decision_id)
        return
    row = PayableRow(
        id=str(uuid.uuid4()),
        project_id=project_id,
        agreement_id=agreement_id,
        decision_id=decision_id,
        household_id=household_id,
        due_on=due_on,
        amount_fen=amount_fen,
        created_at=utcnow(),
    )
    if not await uow.payables.record(row):
        return  # this agreement's (decision's) payable exists already
    uow.emit(
        PayableCreated(
            project_id=project_id,
            payable_id=row.id,
            agreement_id=agreement_id,
            decision_id=decision_id,
            household_id=household_id,
            due_on=due_on,
            amount=Money(amount_fen),
        ),
        causation=cause,
    )


async def _revise(
    uow: FundUnitOfWork,
    cause: CloudEvent,
    row: PayableRow,
    due_on: date,
    amount_fen: int,
    *,
    agreement_id: str | None,
    decision_id: str | None,
) -> None:
    """A household is owed once. Its second instrument (an agreement after a compensation
    decision, or a decision dated before an agreement recorded first) joins the one payable:
    the agreement governs its amount and due date, never below what is already paid or held;
    a decision only adds its id. A redelivered instrument changes nothing."""
    if (agreement_id is not None and row.agreement_id is not None) or (
        decision_id is not None and row.decision_id is not None
    ):
        return  # this instrument (or one of its kind) is on the payable already
    if agreement_id is not None:
        row.agreement_id = agreement_id
        row.amount_fen = max(amount_fen, row.paid_fen + row.held_fen)
        row.due_on = due_on
    else:
        row.decision_id = decision_id
    uow.payables.add(row)
    uow.emit(
        PayableRevised(
            project_id=row.project_id,
            payable_id=row.id,
            agreement_id=row.agreement_id,
            decision_id=row.decision_id,
            household_id=row.household_id,
            due_on=row.due_on,
            amount=Money(row.amount_fen),
        ),
        causation=cause,
    )


async def on_agreement_signed(event: CloudEvent, data: AgreementSigned, uow: FundUnitOfWork) -> None:
    """A signed agreement: its total is payable by ``payment_due_on``."""
    await _create(
        uow,
        event,
        data.project_id,
        data.household_id,
        data.payment_due_on,
        data.total.fen,
        agreement_id=data.agreement_id,
    )


async def on_compensation_decision_made(event: CloudEvent, data: CompensationDecisionMade, uow: FundUnitOfWork) -> None:
    """A compensation decision (no agreement reached): its total is payable from the day it
    was made (the contract carries no later due date)."""
    await _create(
        uow,
        event,
        data.project_id,
        data.household_id,
        data.decided_on,
        data.total.fen,
        decision_id=data.decision_id,
    )


async def report_overdue(uow: FundUnitOfWork, today: date, limit: int = 500) -> int:
    """Emit ``payable_overdue`` once for each payable past its due date (``today`` on the
    center's calendar is after ``due_on``) and not fully paid; how many were reported."""
    rows = await uow.payables.mark_overdue(today, limit)
    for row in rows:
        uow.emit(
            PayableOverdue(
                project_id=row.project_id,
                payable_id=row.id,
                agreement_id=row.agreement_id,
                decision_id=row.decision_id,
                household_id=row.household_id,
                due_on=row.due_on,
                amount=Money(row.amount_fen),
                paid=Money(row.paid_fen),
                detected_on=today,
            )
        )
    return len(rows)


def overdue_sweeper(
    new_uow: Callable[[], FundUnitOfWork], every_seconds: float
) -> Callable[[Callable[[bool], None]], Awaitable[None]]:
    """The supervised background task: every ``every_seconds``, report the payables that
    became overdue (the first sweep right at start)."""

    async def run(set_ready: Callable[[bool], None]) -> None:
        set_ready(True)
        while True:
            while True:
                async with new_uow() as uow:
                    reported = await report_overdue(uow, center_today())
                    await uow.commit()
                if reported == 0:
                    break
            await asyncio.sleep(every_seconds)

    return run
