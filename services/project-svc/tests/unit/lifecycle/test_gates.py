"""The lifecycle's gates as pure rules (no I/O): each refuses until the step it needs
happened on or before the step's own business date, and names what is missing."""

from __future__ import annotations

from datetime import date

import pytest

from expro_shared.money import MAX_FEN
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, LandType
from project_svc.agreements import domain as compensation
from project_svc.enforcement import domain as enforcement
from project_svc.households import domain as households
from project_svc.plans import domain as plans
from project_svc.plans.domain import PlanStatus
from project_svc.preparation import domain as preparation
from project_svc.projects.domain import AlreadyRecorded, LandTypeMismatch, Step, StepMissing, require_step
from project_svc.site import domain as site
from project_svc.valuation import domain as valuation

D = date.fromisoformat


def test_a_step_needs_the_earlier_one_on_or_before_its_day() -> None:
    with pytest.raises(StepMissing) as never:
        require_step(Step.CLEARANCE, None, D("2023-09-01"))
    assert never.value.missing is Step.CLEARANCE
    with pytest.raises(StepMissing, match="after 2023-09-01"):
        require_step(Step.CLEARANCE, D("2023-09-02"), D("2023-09-01"))
    require_step(Step.CLEARANCE, D("2023-09-01"), D("2023-09-01"))
    require_step(Step.CLEARANCE, D("2014-01-01"), D("2023-09-01"))


def test_an_agreement_follows_the_decision_on_state_land_and_the_plan_on_collective_land() -> None:
    day = D("2023-04-10")
    with pytest.raises(StepMissing) as e:
        compensation.agreement_gate(LandType.STATE_OWNED, day, None, day)
    assert e.value.missing is Step.EXPROPRIATION_DECISION
    with pytest.raises(StepMissing):
        compensation.agreement_gate(LandType.STATE_OWNED, day, D("2023-04-11"), day)
    compensation.agreement_gate(LandType.STATE_OWNED, day, day, None)
    with pytest.raises(StepMissing) as e:
        compensation.agreement_gate(LandType.COLLECTIVE, day, day, None)
    assert e.value.missing is Step.PLAN_APPROVAL
    compensation.agreement_gate(LandType.COLLECTIVE, day, None, D("2023-04-09"))


def test_a_land_agreement_is_collective_lands_after_the_plan() -> None:
    day = D("2023-04-10")
    with pytest.raises(LandTypeMismatch):
        compensation.land_agreement_gate(LandType.STATE_OWNED, day, day)
    with pytest.raises(StepMissing):
        compensation.land_agreement_gate(LandType.COLLECTIVE, day, D("2023-04-11"))
    compensation.land_agreement_gate(LandType.COLLECTIVE, day, day)


def test_property_exchange_terms() -> None:
    on = D("2023-04-10")
    terms = dict(signed_on=on, payment_due_on=on, move_out_deadline=on)
    with pytest.raises(compensation.CompensationInvalid) as e:
        compensation.agreement_terms(
            AgreementKind.PROPERTY_EXCHANGE, **terms, entitled_area_m2=None, promised_delivery_on=on
        )  # type: ignore[arg-type]
    assert e.value.field == "entitled_area_m2"
    with pytest.raises(compensation.CompensationInvalid) as e:
        compensation.agreement_terms(AgreementKind.MONETARY, **terms, entitled_area_m2=None, promised_delivery_on=on)  # type: ignore[arg-type]
    assert e.value.field == "promised_delivery_on"
    compensation.agreement_terms(
        AgreementKind.PROPERTY_EXCHANGE, **terms, entitled_area_m2="90.00", promised_delivery_on=on
    )  # type: ignore[arg-type]
    with pytest.raises(compensation.CompensationInvalid) as e:
        compensation.agreement_terms(
            AgreementKind.MONETARY, on, D("2023-04-09"), on, entitled_area_m2=None, promised_delivery_on=None
        )
    assert e.value.field == "payment_due_on"


def test_the_total_is_the_positive_sum_in_range() -> None:
    kind = CompensationItemKind.HOUSE_VALUE
    assert compensation.total([(kind, 128_000_000), (CompensationItemKind.RELOCATION, 300_050)]) == 128_300_050
    for items in ([], [(kind, 0)], [(kind, MAX_FEN), (kind, 1)]):
        with pytest.raises(compensation.CompensationInvalid):
            compensation.total(items)


def test_a_compensation_decision_only_without_an_agreement_by_its_day() -> None:
    on = D("2023-07-15")
    with pytest.raises(compensation.HouseholdHasAgreement):
        compensation.compensation_decision_gate("h", on, on, on)
    compensation.compensation_decision_gate("h", on, on, D("2023-07-16"))
    compensation.compensation_decision_gate("h", on, on, None)


def test_a_move_out_follows_an_agreement_or_a_decision_once() -> None:
    on = D("2023-05-01")
    with pytest.raises(StepMissing) as e:
        households.move_out("h", on, None, None, None)
    assert e.value.missing is Step.AGREEMENT_OR_COMPENSATION_DECISION and e.value.household_id == "h"
    with pytest.raises(StepMissing):
        households.move_out("h", on, None, D("2023-05-02"), D("2023-05-03"))
    assert households.move_out("h", on, None, D("2023-05-02"), on) == on
    assert households.move_out("h", on, None, on, None) == on
    with pytest.raises(AlreadyRecorded):
        households.move_out("h", on, D("2023-04-01"), on, None)


def test_demolition_and_settlement() -> None:
    on = D("2023-07-01")
    with pytest.raises(StepMissing) as e:
        site.demolition_gate(on, {"a": on, "b": None})
    assert e.value.household_id == "b" and e.value.missing is Step.MOVE_OUT
    with pytest.raises(StepMissing):
        site.demolition_gate(on, {"a": D("2023-07-02")})
    site.demolition_gate(on, {"a": on})
    site.demolition_gate(on, {})
    with pytest.raises(StepMissing) as e:
        site.settlement_gate(on, [D("2023-07-02")], None)
    assert e.value.missing is Step.CLEARANCE
    site.settlement_gate(on, [D("2023-07-02"), on], None)
    with pytest.raises(AlreadyRecorded):
        site.settlement_gate(on, [on], on)


def test_the_comment_period_is_thirty_days_both_ends_counted() -> None:
    assert plans.period_days(D("2023-01-01"), D("2023-01-30")) == 30
    assert plans.publish(PlanStatus.DRAFT, D("2023-01-01"), D("2023-01-30")) is PlanStatus.PUBLISHED
    with pytest.raises(plans.CommentPeriodTooShort) as e:
        plans.publish(PlanStatus.DRAFT, D("2023-01-01"), D("2023-01-29"))
    assert e.value.days == 29
    with pytest.raises(plans.CommentPeriodTooShort):
        plans.publish(PlanStatus.DRAFT, D("2023-02-01"), D("2023-01-01"))
    with pytest.raises(plans.PlanNotInStatus):
        plans.publish(PlanStatus.PUBLISHED, D("2023-01-01"), D("2023-03-01"))


def test_comments_fall_within_the_period_of_a_published_plan() -> None:
    start, end = D("2023-01-01"), D("2023-01-30")
    for day in (start, end):
        plans.comment(PlanStatus.PUBLISHED, start, end, day)
    for day in (D("2022-12-31"), D("2023-01-31")):
        with pytest.raises(plans.OutsideCommentPeriod):
            plans.comment(PlanStatus.PUBLISHED, start, end, day)
    with pytest.raises(StepMissing) as e:
        plans.comment(PlanStatus.DRAFT, None, None, start)
    assert e.value.missing is Step.PLAN_PUBLICATION
    with pytest.raises(plans.PlanNotInStatus):
        plans.comment(PlanStatus.APPROVED, start, end, start)


def test_approval_after_the_period_with_a_hearing_when_most_disagree() -> None:
    until = D("2023-01-30")
    with pytest.raises(plans.CommentPeriodOpen):
        plans.approve(PlanStatus.PUBLISHED, until, until, 0, 0, [])
    assert plans.approve(PlanStatus.PUBLISHED, until, D("2023-01-31"), 1, 1, []) is PlanStatus.APPROVED
    with pytest.raises(StepMissing) as e:
        plans.approve(PlanStatus.PUBLISHED, until, D("2023-02-10"), 1, 2, [])
    assert e.value.missing is Step.HEARING
    with pytest.raises(StepMissing):
        plans.approve(PlanStatus.PUBLISHED, until, D("2023-02-10"), 1, 2, [D("2023-02-11")])
    assert plans.approve(PlanStatus.PUBLISHED, until, D("2023-02-10"), 1, 2, [D("2023-02-10")]) is PlanStatus.APPROVED
    with pytest.raises(StepMissing):
        plans.approve(PlanStatus.DRAFT, None, D("2023-02-10"), 0, 0, [])


def test_the_decision_needs_assessment_plan_and_funding() -> None:
    on = D("2023-03-01")
    cases = [
        ((None, on, True), Step.RISK_ASSESSMENT),
        ((D("2023-03-02"), on, True), Step.RISK_ASSESSMENT),
        ((on, None, True), Step.PLAN_APPROVAL),
        ((on, D("2023-03-02"), True), Step.PLAN_APPROVAL),
        ((on, on, False), Step.FUNDING),
    ]
    for (assessed, approved, funded), missing in cases:
        with pytest.raises(StepMissing) as e:
            preparation.decision_gate(on, on, assessed, approved, funded)
        assert e.value.missing is missing
    preparation.decision_gate(on, on, on, on, True)
    with pytest.raises(preparation.DatesOutOfOrder):
        preparation.decision_gate(on, D("2023-02-28"), on, on, True)


def test_a_pre_announcement_is_collective_lands() -> None:
    on = D("2022-10-08")
    with pytest.raises(LandTypeMismatch):
        preparation.pre_announcement("state_owned", on, on)
    preparation.pre_announcement("collective", on, D("2022-11-30"))
    with pytest.raises(preparation.DatesOutOfOrder):
        preparation.pre_announcement("collective", on, D("2022-10-07"))


def test_court_enforcement_after_the_decisions_deadline() -> None:
    deadline = D("2023-08-15")
    with pytest.raises(StepMissing) as e:
        enforcement.judicial_gate("h", D("2023-09-01"), None, None)
    assert e.value.missing is Step.COMPENSATION_DECISION
    with pytest.raises(StepMissing):
        enforcement.judicial_gate("h", D("2023-09-01"), D("2023-09-02"), deadline)
    with pytest.raises(enforcement.DeadlineNotPassed):
        enforcement.judicial_gate("h", deadline, D("2023-07-15"), deadline)
    enforcement.judicial_gate("h", D("2023-08-16"), D("2023-07-15"), deadline)


def test_the_selected_agency_is_a_candidate() -> None:
    valuation.selection(["甲", "乙"], "乙")
    with pytest.raises(valuation.SelectionInvalid) as e:
        valuation.selection(["甲", "乙"], "丙")
    assert e.value.field == "selected"
    with pytest.raises(valuation.SelectionInvalid):
        valuation.selection(["甲", "甲"], "甲")
