"""Ledger arithmetic of a project's dedicated account (专户): deposits, refunds, balances."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fund_svc.ledger.domain import Ledger, RefundRefused


@given(deposits=st.lists(st.integers(min_value=1, max_value=10**12), max_size=20))
def test_deposits_add_up_without_loss(deposits: list[int]) -> None:
    ledger = Ledger(required=1)
    for amount in deposits:
        ledger = ledger.deposit(amount)
    assert ledger.deposited == sum(deposits)


@pytest.mark.parametrize("amount", [0, -1])
def test_deposits_and_refunds_must_be_positive(amount: int) -> None:
    with pytest.raises(ValueError):
        Ledger().deposit(amount)
    with pytest.raises(ValueError):
        Ledger(deposited=10).refund(amount)


def test_a_refund_may_take_only_what_is_neither_committed_nor_disbursed() -> None:
    ledger = Ledger(required=100, deposited=150, committed=100)
    assert ledger.refund(50).deposited == 100
    with pytest.raises(RefundRefused) as err:
        ledger.refund(51)
    assert (err.value.amount, err.value.available) == (51, 50)


def test_disbursements_consume_the_commitment_before_the_free_balance() -> None:
    ledger = Ledger(required=100, deposited=150, committed=100, disbursed=120)
    assert ledger.balance == 30
    assert ledger.available == 30


def test_deposits_stop_at_the_largest_recorded_amount() -> None:
    from expro_shared.money import MAX_FEN
    from fund_svc.ledger.domain import LimitExceeded

    full = Ledger(deposited=MAX_FEN - 5).deposit(5)
    assert full.deposited == MAX_FEN
    with pytest.raises(LimitExceeded) as refused:
        Ledger(deposited=MAX_FEN - 5).deposit(6)
    assert refused.value.room == 5


@given(
    before=st.integers(min_value=0, max_value=10**17 - 1),
    amount=st.integers(min_value=1, max_value=10**17),
)
def test_a_credited_deposit_stands_exactly_when_the_deposit_may_be_made(before: int, amount: int) -> None:
    """The store adds in one statement and asks the rule afterwards: the same answer."""
    from fund_svc.ledger.domain import LimitExceeded

    ledger = Ledger(required=7, deposited=before, committed=3, disbursed=1)
    credited = Ledger(required=7, deposited=before + amount, committed=3, disbursed=1)
    try:
        expected = ledger.deposit(amount)
    except LimitExceeded as exc:
        with pytest.raises(LimitExceeded) as refused:
            Ledger.credited(credited, amount)
        assert refused.value.room == exc.room
    else:
        assert Ledger.credited(credited, amount) == expected == credited


def test_holds_never_exceed_the_money_deposited_and_count_against_refunds() -> None:
    from fund_svc.ledger.domain import HoldRefused

    ledger = Ledger(required=100, deposited=150, committed=100, disbursed=20)
    held = ledger.hold(100)
    assert (held.held, held.unheld, held.available) == (100, 30, 30)
    with pytest.raises(HoldRefused) as err:
        held.hold(31)
    assert (err.value.scope, err.value.room) == ("account", 30)
    with pytest.raises(RefundRefused):
        held.refund(31)
    posted = held.post(60)
    assert (posted.held, posted.disbursed, posted.available) == (40, 80, 30)
    voided = posted.void(40)
    assert (voided.held, voided.available) == (0, 50)
    with pytest.raises(ValueError):
        voided.void(1)


def test_a_category_holds_within_budget_minus_held_minus_paid() -> None:
    from fund_svc.ledger.domain import CategoryBalance, HoldRefused

    category = CategoryBalance(budget=100, held=30, paid=50)
    assert category.remaining == 20
    assert category.hold(20).remaining == 0
    with pytest.raises(HoldRefused) as err:
        category.hold(21)
    assert (err.value.scope, err.value.room) == ("category", 20)
    assert category.post(30) == CategoryBalance(100, 0, 80)


def test_settlement_refunds_the_remainder_and_closes_the_account() -> None:
    from fund_svc.ledger.domain import AccountClosed, SettlementBlocked

    ledger = Ledger(required=100, deposited=150, committed=100, disbursed=90)
    closed, remainder = ledger.settle()
    assert remainder == 60
    assert (closed.deposited, closed.committed, closed.closed, closed.available) == (90, 90, True, 0)
    for step in (lambda: closed.deposit(1), lambda: closed.hold(1), lambda: closed.refund(1), closed.settle):
        with pytest.raises(AccountClosed):
            step()
    with pytest.raises(SettlementBlocked) as blocked:
        ledger.hold(10).settle()
    assert blocked.value.held == 10
