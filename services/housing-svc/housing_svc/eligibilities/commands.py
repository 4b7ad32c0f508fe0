"""Commands of eligibilities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from expro_shared.auth import Principal


@dataclass(frozen=True)
class ReviewEligibility:
    """审核集体土地村民安置资格 / the district approves or rejects a villager's eligibility."""

    eligibility_id: str
    approve: bool
    reason: str
    reviewed_on: date
    principal: Principal
