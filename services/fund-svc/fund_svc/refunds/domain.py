"""Pure rules of refunds (预存款退回), no I/O: maker-checker. The money rule (never below
what is committed) is the ledger's (``fund_svc.ledger.domain``)."""

from __future__ import annotations

from enum import StrEnum

from expro_shared.normalise import same_person


class RefundStatus(StrEnum):
    """退回状态 / refund status: requested by the maker, completed once the checker approved it."""

    REQUESTED = "requested"  # 已申请
    COMPLETED = "completed"  # 已办结


class NotPending(Exception):
    """Only a requested refund can be approved."""

    def __init__(self, status: RefundStatus) -> None:
        super().__init__(f"the refund is already {status}")
        self.status = status


class ApproverIsRequester(Exception):
    """Maker-checker: the requester cannot approve their own refund."""

    def __init__(self) -> None:
        super().__init__("the requester cannot approve their own refund")


def approve(status: RefundStatus, requested_by: str, approver: str) -> RefundStatus:
    """The status after ``approver`` approves: a requested refund, by another person
    (compared as people type names: case, width and invisible characters aside)."""
    if status is not RefundStatus.REQUESTED:
        raise NotPending(status)
    if same_person(requested_by, approver):
        raise ApproverIsRequester
    return RefundStatus.COMPLETED
