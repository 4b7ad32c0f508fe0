"""A payable's status on the center's today (pure)."""

from datetime import date

import pytest

from fund_svc.payables.domain import PayableStatus, status

DUE = date(2022, 4, 30)


@pytest.mark.parametrize(
    ("paid", "today", "expected"),
    [
        (0, DUE, PayableStatus.OPEN),
        (99, date(2022, 5, 1), PayableStatus.OVERDUE),
        (100, date(2022, 5, 1), PayableStatus.PAID),
        (100, DUE, PayableStatus.PAID),
        (0, date(2022, 1, 1), PayableStatus.OPEN),
    ],
)
def test_overdue_only_after_the_due_date_and_only_while_not_fully_paid(
    paid: int, today: date, expected: PayableStatus
) -> None:
    assert status(100, paid, DUE, today) is expected
