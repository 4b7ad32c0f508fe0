"""Pure rules of disbursements (拨付), no I/O: the steps money takes to leave the account —
request → review (→ leader approval above the threshold) → payment — each by a different
person (maker-checker, compared by ``sub`` as people type names). The money rules (holds
within the category's budget and the account's deposits) are the ledger's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from expro_shared.normalise import same_person


class DisbursementStatus(StrEnum):
    """拨付状态 / disbursement status."""

    REQUESTED = "requested"  # 已申请（资金已预留）
    REVIEWED = "reviewed"  # 已审核，待负责人审批
    APPROVED = "approved"  # 已批准，待支付
    REJECTED = "rejected"  # 已驳回（预留已释放）
    PAID = "paid"  # 已支付


class FeeKind(StrEnum):
    """过渡费类别 / what a transition-fee disbursement pays."""

    TRANSITION = "transition"  # 过渡期内
    LATE_DELIVERY = "late_delivery"  # 逾期交房（按倍数）


#: Statuses whose money is still held (reject voids the hold, pay posts it).
OPEN = frozenset({DisbursementStatus.REQUESTED, DisbursementStatus.REVIEWED, DisbursementStatus.APPROVED})


@dataclass(frozen=True)
class People:
    """Who took each step so far (None: not yet)."""

    requested_by: str
    reviewed_by: str | None = None
    approved_by: str | None = None


class WrongStep(Exception):
    """The disbursement is not at the step asked for: ``needed`` names the status it must
    have (the missing step), ``status`` the one it has."""

    def __init__(self, step: str, status: DisbursementStatus, needed: str) -> None:
        super().__init__(f"cannot {step} a disbursement that is {status}: it must be {needed}")
        self.step = step
        self.status = status
        self.needed = needed


class SamePerson(Exception):
    """Maker-checker: one person may take only one step of a disbursement."""


def review(
    status: DisbursementStatus, people: People, reviewer: str, approve: bool, amount: int, threshold: int
) -> DisbursementStatus:
    """审核: a requested disbursement, by someone other than the requester. Approving below
    ``threshold`` (fen) approves it; at or above it waits for the leader; not approving
    rejects it."""
    if status is not DisbursementStatus.REQUESTED:
        raise WrongStep("review", status, "requested")
    if same_person(people.requested_by, reviewer):
        raise SamePerson("the requester cannot review their own disbursement")
    if not approve:
        return DisbursementStatus.REJECTED
    return DisbursementStatus.APPROVED if amount < threshold else DisbursementStatus.REVIEWED


def approve(status: DisbursementStatus, people: People, approver: str) -> DisbursementStatus:
    """审批: a reviewed disbursement, by a leader who neither requested nor reviewed it."""
    if status is not DisbursementStatus.REVIEWED:
        raise WrongStep("approve", status, "reviewed (a finance review comes first)")
    if same_person(people.requested_by, approver):
        raise SamePerson("the requester cannot approve their own disbursement")
    if people.reviewed_by is not None and same_person(people.reviewed_by, approver):
        raise SamePerson("the reviewer cannot also approve the disbursement")
    return DisbursementStatus.APPROVED


def reject(status: DisbursementStatus) -> DisbursementStatus:
    """驳回: any disbursement not yet paid or rejected (its hold is voided)."""
    if status not in OPEN:
        raise WrongStep("reject", status, "requested, reviewed or approved")
    return DisbursementStatus.REJECTED


def pay(
    status: DisbursementStatus, people: People, payer: str, paid_on: date, requested_on: date
) -> DisbursementStatus:
    """支付: an approved disbursement, by someone who neither requested nor reviewed it, on
    a day no earlier than the request (``PaidBeforeRequested``)."""
    if status is not DisbursementStatus.APPROVED:
        raise WrongStep("pay", status, "approved")
    if same_person(people.requested_by, payer):
        raise SamePerson("the requester cannot pay their own disbursement")
    if people.reviewed_by is not None and same_person(people.reviewed_by, payer):
        raise SamePerson("the reviewer cannot also pay the disbursement")
    if paid_on < requested_on:
        raise PaidBeforeRequested(paid_on, requested_on)
    return DisbursementStatus.PAID


class PaidBeforeRequested(Exception):
    def __init__(self, paid_on: date, requested_on: date) -> None:
        super().__init__(f"paid_on {paid_on} lies before the request of {requested_on}")


def open_room(amount: int, held: int, paid: int) -> int:
    """What a payable still leaves open for new disbursements: amount − held − paid."""
    return max(0, amount - held - paid)
