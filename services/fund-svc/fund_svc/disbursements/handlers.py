"""Handlers of disbursements (拨付), each inside the caller's unit of work: the state
change, the ledger's holds and the event commit together. Every step that moves money
first locks the account's ledger, so holds, payments and refunds of one account queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.fund import (
    DisbursementApproved,
    DisbursementPaid,
    DisbursementRejected,
    DisbursementRequested,
    DisbursementReviewed,
    TransitionFee,
    TransitionFeeRunCompleted,
)
from expro_shared.problems import ProblemError, not_found, validation_error
from expro_shared.vocabulary import BudgetCategory, Money
from fund_svc.disbursements import domain
from fund_svc.disbursements.commands import (
    ApproveDisbursement,
    PayDisbursement,
    RejectDisbursement,
    RequestDisbursement,
    ReviewDisbursement,
    RunTransitionFees,
    TransitionFeeTerms,
)
from fund_svc.disbursements.domain import DisbursementStatus, FeeKind, People
from fund_svc.disbursements.tables import DisbursementRow
from fund_svc.errors import (
    AccountClosed,
    CategoryBudgetExceeded,
    DisbursementClosed,
    DisbursementNotApproved,
    DisbursementNotRequested,
    DisbursementNotReviewed,
    FeePolicyMissing,
    InsufficientFunds,
    PayableExceeded,
    PayableMissing,
    SameApprover,
    account_not_found,
)
from fund_svc.ledger import domain as ledger_domain
from fund_svc.ledger.domain import HoldRefused

if TYPE_CHECKING:
    from fund_svc.payables.tables import PayableRow
    from fund_svc.uow import FundUnitOfWork


def _hold_refused(exc: HoldRefused, category: str) -> ProblemError:
    if exc.scope == "category":
        return CategoryBudgetExceeded.error(str(exc), category=category, remaining=Money(exc.room).yuan)
    return InsufficientFunds.error(str(exc), unheld=Money(exc.room).yuan)


def _closed() -> ProblemError:
    return AccountClosed.error("the account was settled and is closed: no disbursement may be requested")


def _fee(row: DisbursementRow) -> TransitionFee | None:
    if row.fee_kind is None or row.fee_period_from is None or row.fee_period_to is None:
        return None
    return TransitionFee(kind=row.fee_kind, period_from=row.fee_period_from, period_to=row.fee_period_to)  # type: ignore[arg-type]


def _people(row: DisbursementRow) -> People:
    return People(row.requested_by, row.reviewed_by, row.approved_by)


def _last_step(row: DisbursementRow) -> tuple[str, date]:
    """The day of the disbursement's latest step so far, and its field."""
    for name in ("approved_on", "reviewed_on"):
        on = getattr(row, name)
        if on is not None:
            return name, on
    return "requested_on", row.requested_on


def _dated_after_last_step(row: DisbursementRow, field: str, on: date) -> None:
    """422 when ``on`` lies before the day of the step it follows."""
    try:
        domain.not_before(field, on, *_last_step(row))
    except domain.BeforePreviousStep as exc:
        raise validation_error(str(exc), ["body", field]) from exc


async def _payable(uow: FundUnitOfWork, cmd: RequestDisbursement) -> PayableRow | None:
    """The payable a compensation disbursement pays toward (its agreement's or decision's)."""
    if cmd.category != BudgetCategory.COMPENSATION.value or not (cmd.agreement_id or cmd.decision_id):
        return None
    if cmd.agreement_id:
        payable = await uow.payables.of_agreement(cmd.project_id, cmd.agreement_id)
        named = f"agreement {cmd.agreement_id!r}"
    else:
        assert cmd.decision_id is not None
        payable = await uow.payables.of_decision(cmd.project_id, cmd.decision_id)
        named = f"compensation decision {cmd.decision_id!r}"
    if payable is None:
        raise PayableMissing.error(
            f"no payable for {named} in this project: its signing (agreement_signed / compensation_decision_made) "
            "has not reached fund-svc"
        )
    if cmd.household_id is not None and cmd.household_id != payable.household_id:
        raise validation_error(
            f"household {cmd.household_id!r} is not the household of {named} ({payable.household_id!r})",
            ["body", "household_id"],
        )
    room = domain.open_room(payable.amount_fen, payable.held_fen, payable.paid_fen)
    if cmd.amount_fen > room:
        raise PayableExceeded.error(
            f"{Money(cmd.amount_fen).yuan} yuan exceeds what the payable of {named} leaves open ({Money(room).yuan})",
            open=Money(room).yuan,
        )
    return payable


async def request_disbursement(uow: FundUnitOfWork, cmd: RequestDisbursement) -> DisbursementRow | None:
    """Maker step: hold the money in the category's remaining budget and the account's
    unheld deposits, and toward the payable it pays (emits `disbursement_requested`).
    None when the monthly run's household-month already has its request."""
    ledger = await uow.accounts.lock_ledger(cmd.project_id)
    if ledger is None:
        raise account_not_found()
    if ledger.closed:
        raise _closed()
    category = await uow.categories.balance(cmd.project_id, cmd.category)
    try:
        category_after = category.hold(cmd.amount_fen)
        ledger_after = ledger.hold(cmd.amount_fen)
    except HoldRefused as exc:
        raise _hold_refused(exc, cmd.category) from exc
    payable = await _payable(uow, cmd)
    now = utcnow()
    fee = cmd.transition_fee
    row = DisbursementRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        category=cmd.category,
        amount_fen=cmd.amount_fen,
        payee=cmd.payee,
        purpose=cmd.purpose,
        household_id=cmd.household_id or (payable.household_id if payable else None),
        agreement_id=cmd.agreement_id,
        decision_id=cmd.decision_id,
        payable_id=payable.id if payable else None,
        fee_kind=fee.kind.value if fee else None,
        fee_period_from=fee.period_from if fee else None,
        fee_period_to=fee.period_to if fee else None,
        fee_run_key=cmd.fee_run_key,
        paid_on_behalf_of=cmd.paid_on_behalf_of,
        status=DisbursementStatus.REQUESTED.value,
        requested_by=uow.actor,
        requested_on=cmd.requested_on,
        created_at=now,
    )
    if not await uow.disbursements.record(row):
        return None  # the run's household-month has its request already
    await uow.accounts.save_ledger(cmd.project_id, ledger_after, now)
    await uow.categories.save_balance(cmd.project_id, cmd.category, category_after)
    if payable is not None:
        payable.held_fen += cmd.amount_fen
        uow.payables.add(payable)
    uow.emit(
        DisbursementRequested(
            project_id=row.project_id,
            disbursement_id=row.id,
            category=BudgetCategory(row.category),
            amount=Money(row.amount_fen),
            payee=row.payee,
            purpose=row.purpose,
            household_id=row.household_id,
            agreement_id=row.agreement_id,
            decision_id=row.decision_id,
            transition_fee=_fee(row),
            paid_on_behalf_of=row.paid_on_behalf_of,
            requested_by=row.requested_by,
            requested_on=row.requested_on,
        )
    )
    return row


async def _locked(uow: FundUnitOfWork, disbursement_id: str) -> DisbursementRow:
    """The disbursement with its account's ledger locked first, then its own row (the same
    order as a request's, so no two steps deadlock)."""
    row = await uow.disbursements.get(disbursement_id)
    if row is None:
        raise not_found("disbursement")
    await uow.accounts.lock_ledger(row.project_id)
    locked = await uow.disbursements.get(disbursement_id, lock=True)
    assert locked is not None, "a disbursement is never deleted"
    return locked


async def _release(uow: FundUnitOfWork, row: DisbursementRow, *, paid: bool) -> ledger_domain.Ledger:
    """Void (reject) or post (pay) the disbursement's holds on the account, its category and
    its payable; the ledger after it."""
    ledger = await uow.accounts.lock_ledger(row.project_id)
    assert ledger is not None, "a disbursement's account is never deleted"
    category = await uow.categories.balance(row.project_id, row.category)
    now = utcnow()
    if paid:
        after, category_after = ledger.post(row.amount_fen), category.post(row.amount_fen)
    else:
        after, category_after = ledger.void(row.amount_fen), category.void(row.amount_fen)
    await uow.accounts.save_ledger(row.project_id, after, now)
    await uow.categories.save_balance(row.project_id, row.category, category_after)
    if row.payable_id is not None:
        payable = await uow.payables.get(row.payable_id)
        assert payable is not None, "a payable is never deleted"
        payable.held_fen -= row.amount_fen
        if paid:
            payable.paid_fen += row.amount_fen
        uow.payables.add(payable)
    return after


def _rejected_event(row: DisbursementRow) -> DisbursementRejected:
    return DisbursementRejected(
        project_id=row.project_id,
        disbursement_id=row.id,
        category=BudgetCategory(row.category),
        amount=Money(row.amount_fen),
        household_id=row.household_id,
        agreement_id=row.agreement_id,
        rejected_by=row.rejected_by or "",
        reason=row.reject_reason or "",
        rejected_on=row.rejected_on,
    )


def _approved_event(row: DisbursementRow, comment: str) -> DisbursementApproved:
    return DisbursementApproved(
        project_id=row.project_id,
        disbursement_id=row.id,
        category=BudgetCategory(row.category),
        amount=Money(row.amount_fen),
        household_id=row.household_id,
        agreement_id=row.agreement_id,
        approved_by=row.approved_by or "",
        approved_on=row.approved_on,
        comment=comment,
    )


async def review_disbursement(uow: FundUnitOfWork, cmd: ReviewDisbursement) -> DisbursementRow:
    """审核 by finance, not the requester (emits `disbursement_reviewed`, and
    `disbursement_approved` or `disbursement_rejected` when the review decides it)."""
    row = await _locked(uow, cmd.disbursement_id)
    try:
        status = domain.review(
            DisbursementStatus(row.status), _people(row), uow.actor, cmd.approve, row.amount_fen, cmd.threshold_fen
        )
    except domain.WrongStep as exc:
        raise DisbursementNotRequested.error(str(exc), current_status=row.status) from exc
    except domain.SamePerson as exc:
        raise SameApprover.error(str(exc)) from exc
    _dated_after_last_step(row, "reviewed_on", cmd.reviewed_on)
    now, on = utcnow(), cmd.reviewed_on
    row.reviewed_by, row.review_comment, row.reviewed_at, row.reviewed_on = uow.actor, cmd.comment, now, on
    row.status = status.value
    if status is DisbursementStatus.REJECTED:
        await _release(uow, row, paid=False)
        row.rejected_by, row.reject_reason, row.rejected_at, row.rejected_on = uow.actor, cmd.comment, now, on
    elif status is DisbursementStatus.APPROVED:
        row.approved_by, row.approval_comment, row.approved_at, row.approved_on = uow.actor, cmd.comment, now, on
    uow.disbursements.add(row)
    uow.emit(
        DisbursementReviewed(
            project_id=row.project_id,
            disbursement_id=row.id,
            category=BudgetCategory(row.category),
            amount=Money(row.amount_fen),
            approve=cmd.approve,
            status=row.status,
            reviewed_by=uow.actor,
            reviewed_on=cmd.reviewed_on,
            comment=cmd.comment,
        )
    )
    if status is DisbursementStatus.REJECTED:
        uow.emit(_rejected_event(row))
    elif status is DisbursementStatus.APPROVED:
        uow.emit(_approved_event(row, cmd.comment))
    return row


async def approve_disbursement(uow: FundUnitOfWork, cmd: ApproveDisbursement) -> DisbursementRow:
    """审批 by the center leader, neither the requester nor the reviewer (emits
    `disbursement_approved`)."""
    row = await _locked(uow, cmd.disbursement_id)
    try:
        status = domain.approve(DisbursementStatus(row.status), _people(row), uow.actor)
    except domain.WrongStep as exc:
        raise DisbursementNotReviewed.error(str(exc), current_status=row.status) from exc
    except domain.SamePerson as exc:
        raise SameApprover.error(str(exc)) from exc
    _dated_after_last_step(row, "approved_on", cmd.approved_on)
    row.status = status.value
    row.approved_by, row.approval_comment, row.approved_at = uow.actor, cmd.comment, utcnow()
    row.approved_on = cmd.approved_on
    uow.disbursements.add(row)
    uow.emit(_approved_event(row, cmd.comment))
    return row


async def reject_disbursement(uow: FundUnitOfWork, cmd: RejectDisbursement) -> DisbursementRow:
    """驳回: the hold is voided (emits `disbursement_rejected`)."""
    row = await _locked(uow, cmd.disbursement_id)
    try:
        status = domain.reject(DisbursementStatus(row.status))
    except domain.WrongStep as exc:
        raise DisbursementClosed.error(str(exc), current_status=row.status) from exc
    _dated_after_last_step(row, "rejected_on", cmd.rejected_on)
    await _release(uow, row, paid=False)
    row.status = status.value
    row.rejected_by, row.reject_reason, row.rejected_at = uow.actor, cmd.reason, utcnow()
    row.rejected_on = cmd.rejected_on
    uow.disbursements.add(row)
    uow.emit(_rejected_event(row))
    return row


async def pay_disbursement(uow: FundUnitOfWork, cmd: PayDisbursement) -> DisbursementRow:
    """支付: the hold is posted and the money leaves (emits `disbursement_paid`)."""
    row = await _locked(uow, cmd.disbursement_id)
    try:
        status = domain.pay(DisbursementStatus(row.status), _people(row), uow.actor, cmd.paid_on, _last_step(row)[1])
    except domain.WrongStep as exc:
        raise DisbursementNotApproved.error(str(exc), current_status=row.status) from exc
    except domain.SamePerson as exc:
        raise SameApprover.error(str(exc)) from exc
    except domain.BeforePreviousStep as exc:
        raise validation_error(str(exc), ["body", "paid_on"]) from exc
    after = await _release(uow, row, paid=True)
    row.status = status.value
    row.paid_by, row.paid_on, row.bank_reference, row.paid_at = uow.actor, cmd.paid_on, cmd.bank_reference, utcnow()
    uow.disbursements.add(row)
    assert row.paid_on is not None
    uow.emit(
        DisbursementPaid(
            project_id=row.project_id,
            disbursement_id=row.id,
            category=BudgetCategory(row.category),
            amount=Money(row.amount_fen),
            household_id=row.household_id,
            agreement_id=row.agreement_id,
            decision_id=row.decision_id,
            transition_fee=_fee(row),
            paid_on_behalf_of=row.paid_on_behalf_of,
            paid_on=row.paid_on,
            bank_reference=cmd.bank_reference,
            paid_by=uow.actor,
            disbursed_total=Money(after.disbursed),
        )
    )
    return row


# --- The monthly transition-fee run (过渡费).


@dataclass
class Skipped:
    project_id: str
    household_id: str
    reason: str


@dataclass
class RunOutcome:
    month: str
    requested: list[DisbursementRow] = field(default_factory=list)
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)


async def run_transition_fees(uow: FundUnitOfWork, cmd: RunTransitionFees) -> RunOutcome:
    """One disbursement request (category ``temporary_resettlement``) per household of a
    project with a policy that was in transition during the month — never two: each carries
    ``<project>/<household>/<month>`` under a unique constraint, checked under the account's
    lock. A household whose request cannot be held (budget, money) is reported skipped; a
    later run makes it once the money is there."""
    first, last = domain.month_bounds(cmd.month)
    outcome = RunOutcome(cmd.month)
    if cmd.project_id is not None:
        if await uow.accounts.get(cmd.project_id) is None:
            raise account_not_found()
        if await uow.fee_policies.get(cmd.project_id) is None:
            raise FeePolicyMissing.error(
                "the project has no transition-fee policy: PUT /v1/projects/{id}/transition-fee-policy first"
            )
    for policy_row in await uow.fee_policies.all(cmd.project_id):
        pid = policy_row.project_id
        ledger = await uow.accounts.lock_ledger(pid)  # serialises runs of one account
        if ledger is None or ledger.closed:
            continue
        terms = domain.FeeTerms(
            policy_row.basis == "per_m2", policy_row.monthly_rate_fen, policy_row.late_multiplier_pct
        )
        households = await uow.transitions.in_transition(pid, first, last)
        taken = await uow.disbursements.taken_run_keys([f"{pid}/{t.household_id}/{cmd.month}" for t in households])
        made: list[DisbursementRow] = []
        for t in households:
            key = f"{pid}/{t.household_id}/{cmd.month}"
            if key in taken:
                outcome.already += 1
                continue
            if t.kind == "monetary":
                continue  # 货币补偿: no monthly transition fee
            if t.kind is None:
                outcome.skipped.append(Skipped(pid, t.household_id, "no agreement says the household is resettled"))
                continue
            assert t.moved_out_on is not None
            try:
                fee = domain.monthly_fee(
                    terms, cmd.month, t.moved_out_on, t.delivered_on, t.promised_delivery_on, t.area_m2
                )
            except domain.CannotCompute as exc:
                outcome.skipped.append(Skipped(pid, t.household_id, str(exc)))
                continue
            if fee is None or fee.amount <= 0:
                continue
            label = "逾期交房过渡费" if fee.kind is FeeKind.LATE_DELIVERY else "过渡费"
            request = RequestDisbursement(
                project_id=pid,
                category=BudgetCategory.TEMPORARY_RESETTLEMENT.value,
                amount_fen=fee.amount,
                payee=f"被征收户 {t.household_id}",
                purpose=f"{cmd.month} {label}（{fee.period_from}至{fee.period_to}）",
                requested_on=cmd.requested_on,
                household_id=t.household_id,
                agreement_id=t.agreement_id,
                transition_fee=TransitionFeeTerms(fee.kind, fee.period_from, fee.period_to),
                fee_run_key=key,
            )
            try:
                row = await request_disbursement(uow, request)
            except ProblemError as exc:
                outcome.skipped.append(Skipped(pid, t.household_id, exc.detail or exc.title))
                continue
            if row is None:
                outcome.already += 1
            else:
                made.append(row)
        if made:
            uow.emit(
                TransitionFeeRunCompleted(
                    project_id=pid,
                    month=cmd.month,
                    requested=len(made),
                    total=Money(sum(r.amount_fen for r in made)),
                )
            )
        outcome.requested.extend(made)
    return outcome
