"""Handlers of transition fees (过渡费): the households' transition periods from project-svc's
and housing-svc's events, the policy, and the monthly run. Each runs inside the caller's unit
of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import TransitionFeePolicySet, TransitionFeeRunCompleted
from expro_shared.events.housing import UnitDelivered
from expro_shared.events.project import AgreementSigned, CompensationDecisionMade, HouseholdMovedOut
from expro_shared.problems import ProblemError
from expro_shared.vocabulary import AgreementKind, BudgetCategory, Money
from fund_svc.disbursements.commands import RequestDisbursement, TransitionFeeTerms
from fund_svc.disbursements.domain import FeeKind
from fund_svc.disbursements.handlers import request_disbursement
from fund_svc.disbursements.tables import DisbursementRow
from fund_svc.errors import FeePolicyMissing, account_not_found
from fund_svc.transition_fees import domain
from fund_svc.transition_fees.commands import RunTransitionFees, SetFeePolicy
from fund_svc.transition_fees.tables import FeePolicyRow, TransitionRow

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


async def _transition(uow: FundUnitOfWork, project_id: str, household_id: str) -> TransitionRow:
    row = await uow.transitions.get(project_id, household_id)
    return row or TransitionRow(project_id=project_id, household_id=household_id, updated_at=utcnow())


async def record_agreement(uow: FundUnitOfWork, data: AgreementSigned) -> None:
    """The agreement says how the household is resettled, its area and the promised delivery."""
    row = await _transition(uow, data.project_id, data.household_id)
    row.agreement_id, row.kind, row.area_m2 = data.agreement_id, data.kind.value, data.area_m2
    row.promised_delivery_on = data.promised_delivery_on
    row.updated_at = utcnow()
    uow.transitions.add(row)


async def record_decision(uow: FundUnitOfWork, data: CompensationDecisionMade) -> None:
    """A decision gives the household's area (its resettlement kind stays unknown)."""
    row = await _transition(uow, data.project_id, data.household_id)
    if row.area_m2 is None:
        row.area_m2 = data.area_m2
    row.updated_at = utcnow()
    uow.transitions.add(row)


async def on_household_moved_out(event: CloudEvent, data: HouseholdMovedOut, uow: FundUnitOfWork) -> None:
    """The transition period starts the day the household moved out."""
    row = await _transition(uow, data.project_id, data.household_id)
    row.moved_out_on = data.moved_out_on
    row.updated_at = utcnow()
    uow.transitions.add(row)


async def on_unit_delivered(event: CloudEvent, data: UnitDelivered, uow: FundUnitOfWork) -> None:
    """The transition period ends the day the resettlement unit is delivered; the promised
    day (if the agreement's had not reached us) comes with it."""
    row = await _transition(uow, data.project_id, data.household_id)
    row.delivered_on = data.delivered_on
    if data.promised_delivery_on is not None:
        row.promised_delivery_on = data.promised_delivery_on
    row.agreement_id = row.agreement_id or data.agreement_id
    row.updated_at = utcnow()
    uow.transitions.add(row)


async def set_policy(uow: FundUnitOfWork, cmd: SetFeePolicy) -> FeePolicyRow:
    """Set (or replace) the project's policy (emits `transition_fee_policy_set`); later runs
    follow it, requests already made keep their amounts."""
    if await uow.accounts.get(cmd.project_id) is None:
        raise account_not_found()
    row = await uow.fee_policies.get(cmd.project_id) or FeePolicyRow(
        project_id=cmd.project_id, basis="", monthly_rate_fen=0, late_multiplier_pct=100, set_by="", updated_at=utcnow()
    )
    row.basis = cmd.policy.basis.value
    row.monthly_rate_fen = cmd.policy.monthly_rate
    row.late_multiplier_pct = cmd.policy.late_multiplier
    row.set_by, row.updated_at = uow.actor, utcnow()
    uow.fee_policies.add(row)
    uow.emit(
        TransitionFeePolicySet(
            project_id=cmd.project_id,
            basis=cmd.policy.basis.value,
            monthly_rate=Money(cmd.policy.monthly_rate),
            late_multiplier=domain.format_hundredths(cmd.policy.late_multiplier),
        )
    )
    return row


def policy_of(row: FeePolicyRow) -> domain.FeePolicy:
    return domain.FeePolicy(domain.Basis(row.basis), row.monthly_rate_fen, row.late_multiplier_pct)


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
        policy = policy_of(policy_row)
        households = await uow.transitions.in_transition(pid, first, last)
        taken = await uow.disbursements.taken_run_keys([f"{pid}/{t.household_id}/{cmd.month}" for t in households])
        made: list[DisbursementRow] = []
        for t in households:
            key = f"{pid}/{t.household_id}/{cmd.month}"
            if key in taken:
                outcome.already += 1
                continue
            if t.kind == AgreementKind.MONETARY.value:
                continue  # 货币补偿: no monthly transition fee
            if t.kind is None:
                outcome.skipped.append(Skipped(pid, t.household_id, "no agreement says the household is resettled"))
                continue
            assert t.moved_out_on is not None
            try:
                fee = domain.monthly_fee(
                    policy, cmd.month, t.moved_out_on, t.delivered_on, t.promised_delivery_on, t.area_m2
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
