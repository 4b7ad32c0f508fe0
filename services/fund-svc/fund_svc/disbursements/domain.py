"""Pure rules of disbursements (拨付), no I/O: the steps money takes to leave the account —
request → review (→ leader approval above the threshold) → payment — each by a different
person (maker-checker, compared by ``sub`` as people type names). The money rules (holds
within the category's budget and the account's deposits) are the ledger's."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
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


def pay(status: DisbursementStatus, people: People, payer: str, paid_on: date, approved_on: date) -> DisbursementStatus:
    """支付: an approved disbursement, by someone who neither requested, reviewed nor approved it, on
    a day no earlier than its approval (``BeforePreviousStep``)."""
    if status is not DisbursementStatus.APPROVED:
        raise WrongStep("pay", status, "approved")
    if same_person(people.requested_by, payer):
        raise SamePerson("the requester cannot pay their own disbursement")
    if people.reviewed_by is not None and same_person(people.reviewed_by, payer):
        raise SamePerson("the reviewer cannot also pay the disbursement")
    if people.approved_by is not None and same_person(people.approved_by, payer):
        raise SamePerson("the approver cannot also pay the disbursement")
    not_before("paid_on", paid_on, "approved_on", approved_on)
    return DisbursementStatus.PAID


class BeforePreviousStep(Exception):
    """A step dated before the step it follows (a review before the request, a payment
    before the approval): the dates are the days things happened, in order."""

    def __init__(self, field: str, on: date, previous_field: str, previous_on: date) -> None:
        super().__init__(f"{field} {on} lies before {previous_field} {previous_on}")
        self.field = field


def not_before(field: str, on: date, previous_field: str, previous_on: date) -> None:
    """``BeforePreviousStep`` unless ``on`` is no earlier than ``previous_on``."""
    if on < previous_on:
        raise BeforePreviousStep(field, on, previous_field, previous_on)


def open_room(amount: int, held: int, paid: int) -> int:
    """What a payable still leaves open for new disbursements: amount − held − paid."""
    return max(0, amount - held - paid)


# --- Transition fees (过渡费): what one household is paid for one month.
#
# A household is in transition from the day it moved out to the day its resettlement unit is
# delivered (both counted). The policy pays ``monthly_rate`` per ㎡ of the agreement's area
# (``per_m2``) or per household (``per_household``) for a whole month, pro rata by day for a
# partial one; each day after the promised delivery date is paid ``late_multiplier`` times.
# Integer arithmetic throughout (fen, hundredths of ㎡, hundredths of the multiplier), rounded
# half up once at the end.

MONTH_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"
_AREA = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class FeeTerms:
    """A project's policy as the run applies it."""

    per_m2: bool
    monthly_rate: int  # fen
    late_multiplier: int  # hundredths (2.00 → 200)


@dataclass(frozen=True)
class MonthlyFee:
    kind: FeeKind
    period_from: date
    period_to: date
    amount: int  # fen


def area_hundredths(text: str) -> int:
    """``"80.25"`` → 8025: an area as text, never via float."""
    if not _AREA.fullmatch(text):
        raise ValueError(f"not an area with at most two decimals: {text!r}")
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or "0")


def month_bounds(month: str) -> tuple[date, date]:
    """``"2022-03"`` → (2022-03-01, 2022-03-31)."""
    if not re.fullmatch(MONTH_PATTERN, month):
        raise ValueError("month must look like 2022-03")
    year, number = int(month[:4]), int(month[5:])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


class CannotCompute(Exception):
    """The household's fee cannot be computed (e.g. ``per_m2`` without a known area)."""


def monthly_fee(
    terms: FeeTerms,
    month: str,
    moved_out_on: date,
    delivered_on: date | None,
    promised_delivery_on: date | None,
    area_m2: str | None,
) -> MonthlyFee | None:
    """The household's fee for ``month``, or None when it was not in transition that month."""
    first, last = month_bounds(month)
    start = max(first, moved_out_on)
    end = min(last, delivered_on) if delivered_on is not None else last
    if start > end:
        return None
    days = (end - start).days + 1
    late = 0
    if promised_delivery_on is not None:
        late_from = max(start, promised_delivery_on + timedelta(days=1))
        late = max(0, (end - late_from).days + 1)
    weighted = (days - late) * 100 + late * terms.late_multiplier  # day-hundredths
    days_in_month = (last - first).days + 1
    if terms.per_m2:
        if area_m2 is None:
            raise CannotCompute("per_m2 needs the household's area, and no agreement or decision gave one")
        numerator = terms.monthly_rate * area_hundredths(area_m2) * weighted
        denominator = 100 * 100 * days_in_month
    else:
        numerator = terms.monthly_rate * weighted
        denominator = 100 * days_in_month
    amount = (2 * numerator + denominator) // (2 * denominator)
    kind = FeeKind.LATE_DELIVERY if late else FeeKind.TRANSITION
    return MonthlyFee(kind, start, end, amount)
