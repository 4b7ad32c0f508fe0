"""Commands of transition fees (过渡费)."""

from __future__ import annotations

from dataclasses import dataclass

from fund_svc.transition_fees.domain import FeePolicy


@dataclass(frozen=True)
class SetFeePolicy:
    """设定过渡费标准 / set a project's transition-fee policy."""

    project_id: str
    policy: FeePolicy
