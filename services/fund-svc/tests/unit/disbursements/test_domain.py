"""The steps of a disbursement (pure): each by another person, each from the status before it."""

from datetime import date

import pytest

from fund_svc.disbursements import domain
from fund_svc.disbursements.domain import DisbursementStatus as S
from fund_svc.disbursements.domain import People

DAY = date(2022, 4, 1)


@pytest.mark.parametrize(("amount", "expected"), [(49_999_999, S.APPROVED), (50_000_000, S.REVIEWED)])
def test_an_approving_review_approves_below_the_threshold_only(amount: int, expected: S) -> None:
    assert domain.review(S.REQUESTED, People("a"), "b", True, amount, 50_000_000) is expected


def test_a_negative_review_rejects() -> None:
    assert domain.review(S.REQUESTED, People("a"), "b", False, 1, 10) is S.REJECTED


@pytest.mark.parametrize("reviewer", ["a", "A", " a", "ａ"])
def test_the_requester_never_reviews(reviewer: str) -> None:
    with pytest.raises(domain.SamePerson):
        domain.review(S.REQUESTED, People("a"), reviewer, True, 1, 10)


@pytest.mark.parametrize("status", [S.REVIEWED, S.APPROVED, S.REJECTED, S.PAID])
def test_only_a_requested_disbursement_is_reviewed(status: S) -> None:
    with pytest.raises(domain.WrongStep) as err:
        domain.review(status, People("a"), "b", True, 1, 10)
    assert err.value.status is status


def test_the_leader_approves_a_reviewed_one_and_is_neither_requester_nor_reviewer() -> None:
    people = People("a", "b")
    assert domain.approve(S.REVIEWED, people, "c") is S.APPROVED
    for who in ("a", "b"):
        with pytest.raises(domain.SamePerson):
            domain.approve(S.REVIEWED, people, who)
    with pytest.raises(domain.WrongStep) as err:
        domain.approve(S.REQUESTED, People("a"), "c")
    assert "reviewed" in err.value.needed


def test_payment_needs_approval_another_person_and_a_date_not_before_the_request() -> None:
    people = People("a", "b", "c")
    assert domain.pay(S.APPROVED, people, "d", DAY, DAY) is S.PAID
    for who in ("a", "b", "c"):
        with pytest.raises(domain.SamePerson):
            domain.pay(S.APPROVED, people, who, DAY, DAY)
    for status in (S.REQUESTED, S.REVIEWED, S.REJECTED, S.PAID):
        with pytest.raises(domain.WrongStep):
            domain.pay(status, people, "d", DAY, DAY)
    with pytest.raises(domain.BeforePreviousStep):
        domain.pay(S.APPROVED, people, "d", date(2022, 3, 31), DAY)


def test_reject_takes_any_open_disbursement_only() -> None:
    for status in (S.REQUESTED, S.REVIEWED, S.APPROVED):
        assert domain.reject(status) is S.REJECTED
    for status in (S.REJECTED, S.PAID):
        with pytest.raises(domain.WrongStep):
            domain.reject(status)


def test_a_payable_leaves_open_what_is_neither_held_nor_paid() -> None:
    assert domain.open_room(100, 30, 50) == 20
    assert domain.open_room(100, 60, 50) == 0
