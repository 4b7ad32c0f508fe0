"""Eligibility rules: who is eligible on creation, and the district's review."""

from __future__ import annotations

from datetime import date

import pytest

from expro_shared.vocabulary import AgreementKind, LandType
from housing_svc.eligibilities import domain
from housing_svc.eligibilities.domain import EligibilityStatus

SIGNED = date(2023, 3, 1)


def test_only_property_exchange_gives_a_right_to_housing() -> None:
    assert domain.grants_housing(AgreementKind.PROPERTY_EXCHANGE)
    assert not domain.grants_housing(AgreementKind.MONETARY)


def test_state_owned_households_are_eligible_and_villagers_wait_for_review() -> None:
    assert domain.initial_status(LandType.STATE_OWNED) is EligibilityStatus.ELIGIBLE
    assert domain.initial_status(LandType.COLLECTIVE) is EligibilityStatus.PENDING_REVIEW


def test_the_review_approves_or_rejects_a_pending_villager() -> None:
    pending = EligibilityStatus.PENDING_REVIEW
    assert domain.review(pending, True, SIGNED, SIGNED) is EligibilityStatus.ELIGIBLE
    assert domain.review(pending, False, SIGNED, date(2023, 4, 1)) is EligibilityStatus.REJECTED


@pytest.mark.parametrize("status", [EligibilityStatus.ELIGIBLE, EligibilityStatus.REJECTED])
def test_only_a_pending_eligibility_is_reviewed(status: EligibilityStatus) -> None:
    with pytest.raises(domain.NotPending):
        domain.review(status, True, SIGNED, SIGNED)


def test_a_review_cannot_precede_the_agreement() -> None:
    with pytest.raises(domain.ReviewBeforeSigning):
        domain.review(EligibilityStatus.PENDING_REVIEW, True, SIGNED, date(2023, 2, 28))


def test_only_the_projects_district_reviews() -> None:
    assert domain.reviews("城南区", "城南区")
    assert not domain.reviews("城北区", "城南区")
    assert not domain.reviews(None, "城南区")
