"""Commands of disbursements (拨付)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fund_svc.disbursements.domain import FeeKind


@dataclass(frozen=True)
class TransitionFeeTerms:
    """过渡费 / the period a transition-fee disbursement pays for."""

    kind: FeeKind
    period_from: date
    period_to: date


@dataclass(frozen=True)
class RequestDisbursement:
    """拨付申请 / maker step: money of one category is held for a payee."""

    project_id: str
    category: str
    amount_fen: int
    payee: str
    purpose: str
    requested_on: date
    household_id: str | None = None
    agreement_id: str | None = None
    decision_id: str | None = None
    transition_fee: TransitionFeeTerms | None = None
    paid_on_behalf_of: str | None = None
    #: Set by the monthly fee run only: ``<household>/<YYYY-MM>``, never two.
    fee_run_key: str | None = None


@dataclass(frozen=True)
class ReviewDisbursement:
    """审核 / finance reviews (another person than the requester)."""

    disbursement_id: str
    approve: bool
    comment: str
    threshold_fen: int
    reviewed_on: date


@dataclass(frozen=True)
class ApproveDisbursement:
    """审批 / the center leader approves (neither the requester nor the reviewer)."""

    disbursement_id: str
    comment: str
    approved_on: date


@dataclass(frozen=True)
class RejectDisbursement:
    """驳回 / the hold is voided."""

    disbursement_id: str
    reason: str
    rejected_on: date


@dataclass(frozen=True)
class PayDisbursement:
    """支付 / the money leaves the account (the hold is posted)."""

    disbursement_id: str
    paid_on: date
    bank_reference: str


@dataclass(frozen=True)
class RunTransitionFees:
    """月度过渡费 / one disbursement request per household in transition that month."""

    month: str
    project_id: str | None
    requested_on: date
