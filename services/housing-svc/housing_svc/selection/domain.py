"""Pure rules of selection (选房), no I/O: the round's steps, the verifiable lottery, turns,
the entitlement and the price difference (差价).

Lottery recipe (DESIGN §7.3), so anyone can recompute the order:

- ``roster_hash`` = SHA-256 of the eligibility ids sorted and joined with ``\\n`` (no
  trailing newline), hex;
- ``seed_commitment`` = SHA-256 of the seed's bytes (the seed is sent as hex and decoded), hex;
- ``draw_seed`` = SHA-256(seed bytes ‖ UTF-8 beacon), hex;
- a household's ticket = SHA-256(UTF-8(``draw_seed`` hex + ":" + eligibility id)), hex;
- the order is by ticket hex, ascending.

Turns: household ``i`` (0-based) has the window ``[starts_at + i·turn, starts_at + (i+1)·turn)``.
It may choose once the round has started and every household before it has chosen, skipped,
or let its window pass — so early choices move the queue on, and a household whose own
window passed may still choose later (first come among those whose turn has come).

Price difference: with entitled area E, unit area A, tolerance band T (priced at the
resettlement price × rate) and prices per ㎡ of the unit:

- ``entitled``: min(A, E) at the resettlement price — covered by the exchanged house;
- ``within_tolerance``: the part of A − E up to T at the resettlement price × rate — paid;
- ``beyond``: the part of A − E past T at the market price — paid;
- ``shortfall``: E − A when the unit is smaller, at the resettlement price — refunded.

Every amount is integer fen, rounded half up per tier; areas are hundredths of ㎡.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from expro_shared.requests import CENTER_TZ
from housing_svc.areas import amount_fen

HEX_RE = re.compile(r"^([0-9a-f]{2})+$")
#: A seed of fewer bytes could be found from its commitment by trying every value.
MIN_SEED_BYTES = 16


class Ordering(StrEnum):
    """选房顺序 / how a round orders its households."""

    SIGNING_ORDER = "signing_order"  # 按签约顺序
    LOTTERY = "lottery"  # 摇号


class RoundStatus(StrEnum):
    """批次状态 / where a round stands."""

    OPEN = "open"  # 摇号批次：待承诺种子
    COMMITTED = "committed"  # 已承诺种子、名单冻结，待摇号
    DRAWN = "drawn"  # 已摇号，顺序确定
    ORDERED = "ordered"  # 按签约顺序：创建时名单冻结、顺序确定


class TurnState(StrEnum):
    WAITING = "waiting"
    CHOSEN = "chosen"
    SKIPPED = "skipped"


class NotLottery(Exception):
    pass


class AlreadyCommitted(Exception):
    pass


class NotCommitted(Exception):
    pass


class AlreadyDrawn(Exception):
    pass


class SeedMismatch(Exception):
    pass


class NotOrdered(Exception):
    """The round has no order yet (a lottery not drawn)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def roster_hash(eligibility_ids: list[str]) -> str:
    return sha256_hex("\n".join(sorted(eligibility_ids)).encode())


def commitment_of(seed_hex: str) -> str:
    return sha256_hex(bytes.fromhex(seed_hex))


def draw_seed(seed_hex: str, beacon: str) -> str:
    return sha256_hex(bytes.fromhex(seed_hex) + beacon.encode())


def ticket(draw_seed_hex: str, eligibility_id: str) -> str:
    return sha256_hex(f"{draw_seed_hex}:{eligibility_id}".encode())


def lottery_order(eligibility_ids: list[str], draw_seed_hex: str) -> list[tuple[str, str]]:
    """(eligibility id, ticket) in selection order: by ticket hex, ascending."""
    return sorted(((e, ticket(draw_seed_hex, e)) for e in eligibility_ids), key=lambda p: (p[1], p[0]))


def signing_order(entries: list[tuple[str, date]]) -> list[str]:
    """Eligibility ids by the day their agreement was signed (ties by id, so the order is
    a function of the roster alone)."""
    return [e for e, _ in sorted(entries, key=lambda p: (p[1], p[0]))]


def check_commit(ordering: Ordering, status: RoundStatus) -> None:
    if ordering is not Ordering.LOTTERY:
        raise NotLottery
    if status is RoundStatus.DRAWN:
        raise AlreadyDrawn
    if status is not RoundStatus.OPEN:
        raise AlreadyCommitted


def check_draw(ordering: Ordering, status: RoundStatus, commitment: str | None, seed_hex: str) -> None:
    if ordering is not Ordering.LOTTERY:
        raise NotLottery
    if status is RoundStatus.DRAWN:
        raise AlreadyDrawn
    if status is not RoundStatus.COMMITTED or commitment is None:
        raise NotCommitted
    if commitment_of(seed_hex) != commitment:
        raise SeedMismatch


def has_order(status: RoundStatus) -> bool:
    return status in (RoundStatus.DRAWN, RoundStatus.ORDERED)


def window(starts_at: datetime, turn_minutes: int, position: int) -> tuple[datetime, datetime]:
    """The turn window of the household at ``position`` (0-based)."""
    turn = timedelta(minutes=turn_minutes)
    return starts_at + position * turn, starts_at + (position + 1) * turn


def waiting_for(
    order: list[tuple[str, TurnState]], position: int, now: datetime, starts_at: datetime, turn_minutes: int
) -> list[str]:
    """The households before ``position`` still in their turn (chosen, skipped and passed
    ones are not); all of them before the round starts. Empty: it is this household's turn."""
    if now < starts_at:
        return [e for e, _ in order[: position + 1]]
    return [
        e
        for j, (e, state) in enumerate(order[:position])
        if state is TurnState.WAITING and now < window(starts_at, turn_minutes, j)[1]
    ]


def max_area(entitled_centi: int, max_excess_centi: int) -> int:
    """The largest unit a household may choose: its entitled area plus the allowed excess."""
    return entitled_centi + max_excess_centi


@dataclass(frozen=True)
class Tier:
    tier: str
    area_centi: int
    price_fen: int
    amount_fen: int


@dataclass(frozen=True)
class PriceDifference:
    tiers: list[Tier]
    household_pays: int
    household_receives: int


def price_difference(
    unit_area: int,
    entitled_area: int,
    tolerance_area: int,
    tolerance_rate_percent: int,
    resettlement_price: int,
    market_price: int,
) -> PriceDifference:
    """The tiers of an allocation (see the module's text), in fen."""
    excess = max(unit_area - entitled_area, 0)
    within = min(excess, tolerance_area)
    beyond = excess - within
    shortfall = max(entitled_area - unit_area, 0)
    tolerance_price = (resettlement_price * tolerance_rate_percent + 50) // 100

    def tier(name: str, area: int, price: int) -> Tier:
        return Tier(name, area, price, amount_fen(area, price))

    tiers = [
        tier("entitled", min(unit_area, entitled_area), resettlement_price),
        tier("within_tolerance", within, tolerance_price),
        tier("beyond", beyond, market_price),
        tier("shortfall", shortfall, resettlement_price),
    ]
    return PriceDifference(tiers, tiers[1].amount_fen + tiers[2].amount_fen, tiers[3].amount_fen)


def choice_earliest(signed_on: date, starts_at: datetime) -> date:
    """A unit is chosen no earlier than the household's agreement was signed and the round
    started (its first day on the center's calendar, Asia/Shanghai)."""
    return max(signed_on, starts_at.astimezone(CENTER_TZ).date())


def delivery_earliest(completed_on: date, chosen_on: date) -> date:
    """A unit is delivered no earlier than it was completed and chosen."""
    return max(completed_on, chosen_on)
