"""Commands of transition fees (过渡费)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fund_svc.transition_fees.domain import FeePolicy


@dataclass(frozen=True)
class SetFeePolicy:
    """设定过渡费标准 / set a project's transition-fee policy."""

    project_id: str
    policy: FeePolicy


@dataclass(frozen=True)
class RunTransitionFees:
    """月度过渡费 / one disbursement request per household in transition that month."""

    month: str
    project_id: str | None
    requested_on: date
