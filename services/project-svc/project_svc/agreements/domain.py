"""Pure rules of compensation (条例 Art. 25–26; 土地管理法 Art. 47–48), no I/O.

A household is compensated by the agreement it signs or, failing one, by the decision the
government makes for it. On state-owned land an agreement follows the expropriation
decision; on collective land it follows the approved compensation plan. Every gate compares
the business dates both steps carry.
"""

from __future__ import annotations

from datetime import date

from expro_shared.money import MAX_FEN, format_fen
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, LandType
from project_svc.projects.domain import Step, require_collective, require_step


class CompensationInvalid(Exception):
    """Terms that cannot be recorded: an empty or out-of-range total, or property-exchange
    terms that are missing (or given for money)."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


class HouseholdHasAgreement(Exception):
    """The household signed an agreement (on or before the day in question)."""

    def __init__(self, household_id: str, signed_on: date | None = None) -> None:
        when = f" on {signed_on.isoformat()}" if signed_on else ""
        super().__init__(f"the household signed its compensation agreement{when} already")
        self.household_id = household_id


def total(items: list[tuple[CompensationItemKind, int]]) -> int:
    """The sum of the items in fen: positive, within the platform's money range."""
    if not items:
        raise CompensationInvalid("items", "at least one compensation item is needed")
    amount = sum(fen for _, fen in items)
    if amount <= 0:
        raise CompensationInvalid("items", "the total must be greater than 0.00")
    if amount > MAX_FEN:
        raise CompensationInvalid("items", f"the total may not exceed {format_fen(MAX_FEN)} yuan")
    return amount


def agreement_terms(
    kind: AgreementKind,
    signed_on: date,
    payment_due_on: date,
    move_out_deadline: date,
    entitled_area_m2: str | None,
    promised_delivery_on: date | None,
) -> None:
    """Property exchange names the entitled area and the promised delivery; money does not.
    Deadlines run from the signing."""
    if kind is AgreementKind.PROPERTY_EXCHANGE:
        if entitled_area_m2 is None:
            raise CompensationInvalid("entitled_area_m2", "a property exchange names the entitled area")
        if promised_delivery_on is None:
            raise CompensationInvalid("promised_delivery_on", "a property exchange names the promised delivery date")
    else:
        for name, value in (("entitled_area_m2", entitled_area_m2), ("promised_delivery_on", promised_delivery_on)):
            if value is not None:
                raise CompensationInvalid(name, f"{name} belongs to a property exchange, not to monetary compensation")
    for name, deadline in (("payment_due_on", payment_due_on), ("move_out_deadline", move_out_deadline)):
        if deadline < signed_on:
            raise CompensationInvalid(name, f"{name} may not lie before signed_on")


def agreement_gate(
    land_type: LandType, signed_on: date, decided_on: date | None, plan_approved_on: date | None
) -> None:
    """State-owned: the expropriation decision (条例 Art. 25); collective: the approved
    compensation plan (土地管理法 Art. 47), each dated on or before the signing."""
    if land_type is LandType.STATE_OWNED:
        require_step(Step.EXPROPRIATION_DECISION, decided_on, signed_on)
    else:
        require_step(Step.PLAN_APPROVAL, plan_approved_on, signed_on)


def land_agreement_gate(land_type: LandType, signed_on: date, plan_approved_on: date | None) -> None:
    """A land agreement is collective land's (土地管理法 Art. 47), after the plan's approval."""
    require_collective(land_type.value, "a land compensation agreement")
    require_step(Step.PLAN_APPROVAL, plan_approved_on, signed_on)


def compensation_decision_gate(
    household_id: str, decided_on: date, move_out_deadline: date, agreement_signed_on: date | None
) -> None:
    """A decision only for a household without an agreement by the decision's day (条例 Art. 26)."""
    if agreement_signed_on is not None and agreement_signed_on <= decided_on:
        raise HouseholdHasAgreement(household_id, agreement_signed_on)
    if move_out_deadline < decided_on:
        raise CompensationInvalid("move_out_deadline", "move_out_deadline may not lie before decided_on")
