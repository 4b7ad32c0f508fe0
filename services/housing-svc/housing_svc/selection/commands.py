"""Commands of selection rounds, choices and delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from housing_svc.selection.domain import Ordering


@dataclass(frozen=True)
class CreateRound:
    """创建选房批次 / a round over the eligible households of some projects."""

    project_ids: list[str]
    ordering: Ordering
    starts_at: datetime
    turn_minutes: int


@dataclass(frozen=True)
class CommitSeed:
    """承诺摇号种子 / publish SHA-256 of the secret seed; the roster freezes."""

    round_id: str
    seed_commitment: str


@dataclass(frozen=True)
class Draw:
    """摇号 / reveal the seed and the public beacon; the order follows."""

    round_id: str
    seed: str
    beacon: str


@dataclass(frozen=True)
class Choose:
    """选房 / a household chooses a unit in its turn."""

    round_id: str
    eligibility_id: str
    unit_id: str
    chosen_on: date
    now: datetime
    tolerance_centi: int
    tolerance_rate_percent: int
    max_excess_centi: int


@dataclass(frozen=True)
class Skip:
    """放弃本轮 / a household passes its turn in this round."""

    round_id: str
    eligibility_id: str
    now: datetime


@dataclass(frozen=True)
class Deliver:
    """交房 / the chosen unit is handed over."""

    unit_id: str
    delivered_on: date
