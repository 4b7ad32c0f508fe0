"""The funding decision (足额到位) and the commitment it leaves on the ledger."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fund_svc.funding.domain import decide_funding
from fund_svc.ledger.domain import Ledger, RefundRefused

fen = st.integers(min_value=0, max_value=10**15)


def test_zero_deposits_fall_short_by_the_whole_requirement() -> None:
    decision, after = decide_funding(Ledger(required=100_00), 100_00)
    assert not decision.confirmed
    assert decision.shortfall == 100_00
    assert after.committed == 0


def test_a_partial_deposit_leaves_the_exact_shortfall() -> None:
    decision, _ = decide_funding(Ledger(required=100_00, deposited=30_01), 100_00)
    assert (decision.confirmed, decision.deposited, decision.shortfall) == (False, 30_01, 69_99)


def test_deposits_equal_to_the_requirement_confirm_and_commit_it() -> None:
    decision, after = decide_funding(Ledger(required=100_00, deposited=100_00), 100_00)
    assert decision.confirmed and decision.shortfall == 0
    assert after.committed == 100_00 and after.available == 0


def test_after_confirmation_no_refund_may_undercut_the_commitment() -> None:
    _, after = decide_funding(Ledger(required=100_00, deposited=150_00), 100_00)
    assert after.refund(50_00).deposited == 100_00
    with pytest.raises(RefundRefused) as err:
        after.refund(50_01)
    assert err.value.available == 50_00


@given(deposited=fen, required=st.integers(min_value=1, max_value=10**15))
def test_the_decision_confirms_exactly_when_deposits_cover_the_requirement(deposited: int, required: int) -> None:
    decision, after = decide_funding(Ledger(required=required, deposited=deposited), required)
    assert decision.confirmed == (deposited >= required)
    assert decision.shortfall == max(0, required - deposited)
    assert after.deposited == deposited
    assert after.available >= 0 if decision.confirmed else after.committed == 0


@pytest.mark.parametrize("required", [0, -1])
def test_a_required_deposit_must_be_positive(required: int) -> None:
    with pytest.raises(ValueError):
        decide_funding(Ledger(deposited=10), required)
