"""Maker-checker, as pure rules."""

from __future__ import annotations

import pytest

from fund_svc.refunds.domain import ApproverIsRequester, NotPending, RefundStatus, approve


def test_another_person_completes_a_requested_refund() -> None:
    assert approve(RefundStatus.REQUESTED, "maker", "checker") is RefundStatus.COMPLETED


@pytest.mark.parametrize("approver", ["maker", "MAKER", "ｍａｋｅｒ", "ma\u200bker "])
def test_the_requester_cannot_approve_however_the_name_is_typed(approver: str) -> None:
    with pytest.raises(ApproverIsRequester):
        approve(RefundStatus.REQUESTED, "maker", approver)


def test_a_completed_refund_is_not_approved_again() -> None:
    with pytest.raises(NotPending) as refused:
        approve(RefundStatus.COMPLETED, "maker", "checker")
    assert refused.value.status is RefundStatus.COMPLETED
