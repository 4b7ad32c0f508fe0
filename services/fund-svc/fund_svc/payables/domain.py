"""Pure rules of payables (应付), no I/O: a payable is ``paid`` once fully paid, ``overdue``
once the center's today is past its due date and it is not, ``open`` otherwise. The rule
lives with the ledger (statements count overdue payables too)."""

from __future__ import annotations

from fund_svc.ledger.domain import PayableStatus, payable_status

status = payable_status

__all__ = ["PayableStatus", "status"]
