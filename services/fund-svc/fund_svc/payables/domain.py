"""Pure rules of payables (应付), no I/O: a payable is ``paid`` once fully paid, ``overdue``
once the center's today is past its due date and it is not, ``open`` otherwise."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class PayableStatus(StrEnum):
    OPEN = "open"  # 未付清，未到期
    PAID = "paid"  # 已付清
    OVERDUE = "overdue"  # 逾期未付清


def status(amount: int, paid: int, due_on: date, today: date) -> PayableStatus:
    """The payable's status on ``today`` (Asia/Shanghai)."""
    if paid >= amount:
        return PayableStatus.PAID
    return PayableStatus.OVERDUE if today > due_on else PayableStatus.OPEN
