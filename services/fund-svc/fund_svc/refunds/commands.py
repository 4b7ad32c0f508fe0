"""Commands of refunds (maker-checker)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestRefund:
    """申请退回预存款 / maker step: ask for part of the deposits to go back to the owner unit."""

    project_id: str
    amount_fen: int
    reason: str


@dataclass(frozen=True)
class ApproveRefund:
    """审批退回 / checker step: a second person approves, and the money leaves."""

    refund_id: str
