"""Handlers of refunds (maker-checker), each inside the caller's unit of work (ledger
change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.fund import RefundRecorded
from expro_shared.problems import ProblemError, not_found
from expro_shared.vocabulary import Money
from fund_svc.errors import AccountClosed, RefundExceedsAvailable, RefundNotPending, SameApprover, account_not_found
from fund_svc.ledger.domain import AccountClosed as Closed
from fund_svc.ledger.domain import Ledger, RefundRefused
from fund_svc.refunds import domain
from fund_svc.refunds.commands import ApproveRefund, RequestRefund
from fund_svc.refunds.domain import RefundStatus
from fund_svc.refunds.tables import RefundRow

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


def _refused(exc: RefundRefused) -> ProblemError:
    return RefundExceedsAvailable.error(
        "the refund would bring the deposits below the amount committed to issued task orders",
        available=Money(exc.available).yuan,
    )


def _closed() -> ProblemError:
    return AccountClosed.error("the account was settled and is closed: its remainder was refunded at settlement")


async def request_refund(uow: FundUnitOfWork, cmd: RequestRefund) -> RefundRow:
    """Maker step of a refund: checked now, and again when approved."""
    ledger = await uow.accounts.lock_ledger(cmd.project_id)
    if ledger is None:
        raise account_not_found()
    try:
        ledger.refund(cmd.amount_fen)
    except RefundRefused as exc:
        raise _refused(exc) from exc
    except Closed as exc:
        raise _closed() from exc
    refund = RefundRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        amount_fen=cmd.amount_fen,
        reason=cmd.reason,
        status=RefundStatus.REQUESTED.value,
        requested_by=uow.actor,
        created_at=utcnow(),
    )
    uow.refunds.add(refund)
    return refund


async def approve_refund(uow: FundUnitOfWork, cmd: ApproveRefund) -> tuple[RefundRow, Ledger]:
    """Checker step: a second person approves; the money leaves only if it still may
    (emits `refund_recorded`)."""
    refund = await uow.refunds.get(cmd.refund_id, lock=True)
    if refund is None:
        raise not_found("refund")
    try:
        approved = domain.approve(RefundStatus(refund.status), refund.requested_by, uow.actor)
    except domain.NotPending as exc:
        raise RefundNotPending.error(str(exc), current_status=refund.status) from exc
    except domain.ApproverIsRequester as exc:
        raise SameApprover.error(str(exc)) from exc
    ledger = await uow.accounts.lock_ledger(refund.project_id)
    assert ledger is not None, "a refund's account is never deleted"
    try:
        after = ledger.refund(refund.amount_fen)
    except RefundRefused as exc:
        raise _refused(exc) from exc
    except Closed as exc:
        raise _closed() from exc
    now = utcnow()
    await uow.accounts.save_ledger(refund.project_id, after, now)
    refund.status = approved.value
    refund.approved_by = uow.actor
    refund.completed_at = now
    uow.refunds.add(refund)
    uow.emit(
        RefundRecorded(
            project_id=refund.project_id,
            refund_id=refund.id,
            amount=Money(refund.amount_fen),
            deposited_total=Money(after.deposited),
            requested_by=refund.requested_by,
            approved_by=uow.actor,
        )
    )
    return refund, after
