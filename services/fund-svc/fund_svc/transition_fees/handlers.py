"""Handlers of transition fees (过渡费): the households' transition periods from project-svc's
and housing-svc's events, the policy, and the monthly run. Each runs inside the caller's unit
of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import TransitionFeePolicySet
from expro_shared.events.housing import UnitDelivered
from expro_shared.events.project import AgreementSigned, CompensationDecisionMade, HouseholdMovedOut
from expro_shared.vocabulary import Money
from fund_svc.errors import account_not_found
from fund_svc.transition_fees import domain
from fund_svc.transition_fees.commands import SetFeePolicy
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


async def on_agreement_signed(event: CloudEvent, data: AgreementSigned, uow: FundUnitOfWork) -> None:
    await record_agreement(uow, data)


async def on_compensation_decision_made(event: CloudEvent, data: CompensationDecisionMade, uow: FundUnitOfWork) -> None:
    await record_decision(uow, data)


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
