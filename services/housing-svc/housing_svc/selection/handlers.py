"""Handlers of selection: rounds, the lottery, choices, skips and delivery, each inside
the caller's unit of work (state change + outbox rows)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.housing import (
    LotteryCommitted,
    PriceDifferenceAssessed,
    PriceDifferenceTier,
    SelectionRoundCreated,
    SelectionRoundDrawn,
    SelectionTurnSkipped,
    UnitAllocated,
    UnitDelivered,
)
from expro_shared.problems import ProblemError, not_found, validation_error
from expro_shared.vocabulary import Money
from housing_svc.areas import format_area
from housing_svc.errors import (
    AlreadyAllocated,
    DeliveryTooEarly,
    LotteryAlreadyCommitted,
    LotteryAlreadyDrawn,
    LotteryNotCommitted,
    NotOnRoster,
    OrderNotDrawn,
    OutOfTurn,
    OverEntitlement,
    RosterEmpty,
    RoundNotLottery,
    SeedMismatch,
    TurnAlreadyUsed,
    UnitAlreadyDelivered,
    UnitNotAllocated,
    UnitTaken,
)
from housing_svc.selection import domain
from housing_svc.selection.commands import Choose, CommitSeed, CreateRound, Deliver, Draw, Skip
from housing_svc.selection.domain import Ordering, RoundStatus, TurnState
from housing_svc.selection.tables import AllocationRow, EntryRow, RoundProjectRow, RoundRow

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork


def _step_refused(exc: Exception) -> ProblemError:
    if isinstance(exc, domain.NotLottery):
        return RoundNotLottery.error("the round is ordered by signing order: it has no lottery")
    if isinstance(exc, domain.AlreadyDrawn):
        return LotteryAlreadyDrawn.error("the round was drawn already; a second draw is refused")
    if isinstance(exc, domain.AlreadyCommitted):
        return LotteryAlreadyCommitted.error("the seed commitment was made already and the roster is frozen")
    if isinstance(exc, domain.NotCommitted):
        return LotteryNotCommitted.error("the draw waits for the seed commitment (commitLotterySeed)")
    raise exc


async def _roster(uow: HousingUnitOfWork, project_ids: list[str]) -> list[tuple[str, date]]:
    """The eligible households of the projects that have no unit yet, with their signing day."""
    eligible = await uow.eligibilities.eligible_of(project_ids)
    housed = await uow.allocations.allocated([e.id for e in eligible])
    return [(e.id, e.signed_on) for e in eligible if e.id not in housed]


async def create_round(uow: HousingUnitOfWork, cmd: CreateRound) -> tuple[RoundRow, list[str]]:
    """A round over projects housing knows (emits `selection_round_created`). A signing-order
    round freezes its roster and order now; a lottery round at the commitment."""
    project_ids = sorted(set(cmd.project_ids))
    for pid in project_ids:
        if await uow.projects.get(pid) is None:
            raise not_found(
                "project", f"project {pid} not found: unknown, or its registration has not reached housing yet"
            )
    now = utcnow()
    rnd = RoundRow(
        id=str(uuid.uuid4()),
        ordering=cmd.ordering.value,
        status=RoundStatus.OPEN.value,
        starts_at=cmd.starts_at,
        turn_minutes=cmd.turn_minutes,
        created_by=uow.actor,
        created_at=now,
    )
    entries: list[EntryRow] = []
    if cmd.ordering is Ordering.SIGNING_ORDER:
        roster = await _roster(uow, project_ids)
        if not roster:
            raise RosterEmpty.error("no eligible household without a unit in these projects")
        order = domain.signing_order(roster)
        rnd.status = RoundStatus.ORDERED.value
        rnd.roster_hash = domain.roster_hash(order)
        rnd.committed_at = now
        entries = [EntryRow(round_id=rnd.id, eligibility_id=e, position=i) for i, e in enumerate(order)]
    await uow.rounds.create(rnd, [RoundProjectRow(round_id=rnd.id, project_id=pid) for pid in project_ids], entries)
    uow.emit(
        SelectionRoundCreated(
            round_id=rnd.id,
            project_ids=project_ids,
            ordering=rnd.ordering,
            starts_at=rnd.starts_at,
            turn_minutes=rnd.turn_minutes,
            roster_hash=rnd.roster_hash,
        )
    )
    return rnd, project_ids


async def _locked_round(uow: HousingUnitOfWork, round_id: str) -> RoundRow:
    rnd = await uow.rounds.get(round_id, lock=True)
    if rnd is None:
        raise not_found("selection round")
    return rnd


async def commit_seed(uow: HousingUnitOfWork, cmd: CommitSeed) -> RoundRow:
    """Publish the seed commitment; the roster (eligible households of the projects without a
    unit, now) freezes and its hash is published (emits `lottery_committed`)."""
    rnd = await _locked_round(uow, cmd.round_id)
    try:
        domain.check_commit(Ordering(rnd.ordering), RoundStatus(rnd.status))
    except (domain.NotLottery, domain.AlreadyCommitted, domain.AlreadyDrawn) as exc:
        raise _step_refused(exc) from exc
    project_ids = await uow.rounds.project_ids(rnd.id)
    roster = sorted(e for e, _ in await _roster(uow, project_ids))
    if not roster:
        raise RosterEmpty.error("no eligible household without a unit in the round's projects")
    rnd.seed_commitment = cmd.seed_commitment
    rnd.roster_hash = domain.roster_hash(roster)
    rnd.committed_at = utcnow()
    rnd.status = RoundStatus.COMMITTED.value
    uow.rounds.add(rnd, *(EntryRow(round_id=rnd.id, eligibility_id=e) for e in roster))
    uow.emit(
        LotteryCommitted(
            round_id=rnd.id,
            project_ids=project_ids,
            seed_commitment=cmd.seed_commitment,
            roster_hash=rnd.roster_hash,
            roster=roster,
        )
    )
    return rnd


async def draw(uow: HousingUnitOfWork, cmd: Draw) -> RoundRow:
    """Reveal the seed (it must hash to the commitment) with the public beacon: every
    household's ticket and the order follow (emits `selection_round_drawn`)."""
    rnd = await _locked_round(uow, cmd.round_id)
    try:
        domain.check_draw(Ordering(rnd.ordering), RoundStatus(rnd.status), rnd.seed_commitment, cmd.seed)
    except domain.SeedMismatch as exc:
        raise SeedMismatch.error(
            "SHA-256 of the seed's bytes is not the committed value",
            seed_commitment=rnd.seed_commitment or "",
        ) from exc
    except (domain.NotLottery, domain.NotCommitted, domain.AlreadyDrawn) as exc:
        raise _step_refused(exc) from exc
    entries = await uow.rounds.entries(rnd.id)
    seed = domain.draw_seed(cmd.seed, cmd.beacon)
    order = domain.lottery_order([e.eligibility_id for e in entries], seed)
    by_id = {e.eligibility_id: e for e in entries}
    for position, (eligibility_id, ticket) in enumerate(order):
        entry = by_id[eligibility_id]
        entry.position, entry.ticket = position, ticket
    rnd.seed, rnd.beacon, rnd.draw_seed = cmd.seed, cmd.beacon, seed
    rnd.drawn_at = utcnow()
    rnd.status = RoundStatus.DRAWN.value
    uow.rounds.add(rnd, *entries)
    uow.emit(
        SelectionRoundDrawn(
            round_id=rnd.id,
            project_ids=await uow.rounds.project_ids(rnd.id),
            seed=cmd.seed,
            beacon=cmd.beacon,
            seed_commitment=rnd.seed_commitment or "",
            roster_hash=rnd.roster_hash or "",
            draw_seed=seed,
            order=[e for e, _ in order],
        )
    )
    return rnd


async def turn_states(uow: HousingUnitOfWork, entries: list[EntryRow]) -> list[tuple[str, TurnState]]:
    """Each household of the ordered roster: chosen (it has a unit), skipped, or waiting."""
    housed = await uow.allocations.allocated([e.eligibility_id for e in entries])
    return [
        (
            e.eligibility_id,
            TurnState.CHOSEN
            if e.eligibility_id in housed
            else TurnState.SKIPPED
            if e.skipped_at is not None
            else TurnState.WAITING,
        )
        for e in entries
    ]


async def _ordered_round(uow: HousingUnitOfWork, round_id: str) -> RoundRow:
    rnd = await uow.rounds.get(round_id)
    if rnd is None:
        raise not_found("selection round")
    if not domain.has_order(RoundStatus(rnd.status)):
        raise OrderNotDrawn.error("the round's order waits for the lottery draw (drawLottery)")
    return rnd


async def _own_turn(uow: HousingUnitOfWork, rnd: RoundRow, eligibility_id: str, now: datetime) -> None:
    entries = await uow.rounds.entries(rnd.id)
    states = await turn_states(uow, entries)
    position = next((i for i, (e, _) in enumerate(states) if e == eligibility_id), None)
    if position is None:
        raise NotOnRoster.error("the household is not on this round's roster; it waits for a later round")
    if states[position][1] is TurnState.SKIPPED:
        raise TurnAlreadyUsed.error("the household skipped its turn in this round")
    waiting = domain.waiting_for(states, position, now, rnd.starts_at, rnd.turn_minutes)
    if waiting:
        opens = domain.window(rnd.starts_at, rnd.turn_minutes, position)[0]
        raise OutOfTurn.error(
            "households before this one have not chosen, skipped or let their turn pass"
            if now >= rnd.starts_at
            else "the round has not started",
            position=position + 1,
            waiting_for=waiting,
            turn_starts_at=opens.isoformat(),
        )


async def _own_choice(uow: HousingUnitOfWork, cmd: Choose) -> AllocationRow | None:
    """The household's allocation when it is this very choice (a repeat, or a concurrent
    twin that committed first); 409 when it chose another unit; None when it has none."""
    mine = await uow.allocations.of_eligibility(cmd.eligibility_id)
    if mine is not None and mine.unit_id != cmd.unit_id:
        raise AlreadyAllocated.error(
            "the household already chose another unit", allocation_id=mine.id, unit_id=mine.unit_id
        )
    return mine


async def choose(uow: HousingUnitOfWork, cmd: Choose) -> tuple[AllocationRow, bool]:
    """The household's choice in its turn (emits `unit_allocated` and
    `price_difference_assessed`); True when it is new. Repeating one's own successful choice
    returns that allocation. Races are decided by the allocations' constraints."""
    rnd = await _ordered_round(uow, cmd.round_id)
    mine = await _own_choice(uow, cmd)
    if mine is not None:
        return mine, False
    await _own_turn(uow, rnd, cmd.eligibility_id, cmd.now)
    unit = await uow.units.get(cmd.unit_id)
    if unit is None:
        raise not_found("unit")
    if unit.status != "available":
        mine = await _own_choice(uow, cmd)  # the household's own twin request may have taken it
        if mine is not None:
            return mine, False
        raise UnitTaken.error("the unit is allocated to another household")
    eligibility = await uow.eligibilities.get(cmd.eligibility_id)
    assert eligibility is not None, "a rostered eligibility is never deleted"
    limit = domain.max_area(eligibility.entitled_area_centi, cmd.max_excess_centi)
    if unit.area_centi > limit:
        raise OverEntitlement.error(
            "the unit is larger than the household's entitled area plus the allowed excess",
            entitled_area_m2=format_area(eligibility.entitled_area_centi),
            max_area_m2=format_area(limit),
            unit_area_m2=format_area(unit.area_centi),
        )
    earliest = domain.choice_earliest(eligibility.signed_on, rnd.starts_at)
    if cmd.chosen_on < earliest:
        raise validation_error(
            f"a unit is chosen no earlier than the agreement was signed ({eligibility.signed_on}) and the round "
            f"started ({rnd.starts_at.isoformat()}): {earliest} at the earliest",
            ["body", "chosen_on"],
        )
    assessed = domain.price_difference(
        unit.area_centi,
        eligibility.entitled_area_centi,
        cmd.tolerance_centi,
        cmd.tolerance_rate_percent,
        unit.resettlement_price_fen,
        unit.market_price_fen,
    )
    allocation = AllocationRow(
        id=str(uuid.uuid4()),
        round_id=rnd.id,
        eligibility_id=eligibility.id,
        unit_id=unit.id,
        project_id=eligibility.project_id,
        household_id=eligibility.household_id,
        agreement_id=eligibility.agreement_id,
        community=unit.community,
        area_centi=unit.area_centi,
        entitled_area_centi=eligibility.entitled_area_centi,
        resettlement_price_fen=unit.resettlement_price_fen,
        market_price_fen=unit.market_price_fen,
        tolerance_centi=cmd.tolerance_centi,
        tolerance_rate_percent=cmd.tolerance_rate_percent,
        household_pays_fen=assessed.household_pays,
        household_receives_fen=assessed.household_receives,
        chosen_on=cmd.chosen_on,
        chosen_by=uow.actor,
        created_at=utcnow(),
        promised_delivery_on=eligibility.promised_delivery_on,
    )
    if not await uow.allocations.record(allocation):
        mine = await _own_choice(uow, cmd)
        if mine is None:
            raise UnitTaken.error("the unit was allocated to another household")
        return mine, False
    moved = await uow.units.mark(unit.id, from_status="available", to_status="allocated")
    assert moved, "the unit's allocation is unique, so it was available"
    uow.emit(
        UnitAllocated(
            project_id=allocation.project_id,
            allocation_id=allocation.id,
            round_id=rnd.id,
            unit_id=unit.id,
            eligibility_id=eligibility.id,
            household_id=eligibility.household_id,
            agreement_id=eligibility.agreement_id,
            area_m2=format_area(unit.area_centi),
            entitled_area_m2=format_area(eligibility.entitled_area_centi),
            chosen_on=cmd.chosen_on,
        )
    )
    uow.emit(
        PriceDifferenceAssessed(
            project_id=allocation.project_id,
            allocation_id=allocation.id,
            unit_id=unit.id,
            eligibility_id=eligibility.id,
            household_id=eligibility.household_id,
            tiers=[
                PriceDifferenceTier(
                    tier=t.tier,
                    area_m2=format_area(t.area_centi),
                    price_per_m2=Money(t.price_fen),
                    amount=Money(t.amount_fen),
                )
                for t in assessed.tiers
            ],
            household_pays=Money(assessed.household_pays),
            household_receives=Money(assessed.household_receives),
        )
    )
    return allocation, True


async def skip(uow: HousingUnitOfWork, cmd: Skip) -> EntryRow:
    """The household passes its turn in this round (emits `selection_turn_skipped`); it
    stays eligible for a later round."""
    rnd = await _ordered_round(uow, cmd.round_id)
    entry = await uow.rounds.entry(rnd.id, cmd.eligibility_id, lock=True)
    if entry is None:
        raise NotOnRoster.error("the household is not on this round's roster")
    if await uow.allocations.of_eligibility(cmd.eligibility_id) is not None:
        raise TurnAlreadyUsed.error("the household has chosen its unit already")
    if not await uow.rounds.skip(rnd.id, cmd.eligibility_id, cmd.now, uow.actor):
        raise TurnAlreadyUsed.error("the household skipped its turn in this round already")
    eligibility = await uow.eligibilities.get(cmd.eligibility_id)
    assert eligibility is not None
    uow.emit(
        SelectionTurnSkipped(
            project_id=eligibility.project_id,
            round_id=rnd.id,
            eligibility_id=eligibility.id,
            household_id=eligibility.household_id,
        )
    )
    refreshed = await uow.rounds.entry(rnd.id, cmd.eligibility_id)
    assert refreshed is not None
    return refreshed


async def deliver(uow: HousingUnitOfWork, cmd: Deliver) -> tuple[AllocationRow, bool]:
    """Hand the chosen unit over on ``delivered_on`` (emits `unit_delivered`); True when new.
    The same delivery recorded again answers as it did."""
    unit = await uow.units.get(cmd.unit_id, lock=True)
    if unit is None:
        raise not_found("unit")
    allocation = await uow.allocations.of_unit(unit.id, lock=True)
    if allocation is None:
        raise UnitNotAllocated.error("a unit is delivered only once a household chose it (chooseUnit)")
    if allocation.delivered_on is not None:
        if allocation.delivered_on == cmd.delivered_on:
            return allocation, False
        raise UnitAlreadyDelivered.error(
            f"the unit was delivered on {allocation.delivered_on}", delivered_on=allocation.delivered_on.isoformat()
        )
    earliest = domain.delivery_earliest(unit.completed_on, allocation.chosen_on)
    if cmd.delivered_on < earliest:
        raise DeliveryTooEarly.error(
            f"a unit is delivered no earlier than it was completed ({unit.completed_on}) and chosen "
            f"({allocation.chosen_on})",
            earliest=earliest.isoformat(),
        )
    moved = await uow.units.mark(unit.id, from_status="allocated", to_status="delivered", delivered_on=cmd.delivered_on)
    assert moved, "the unit is locked and allocated"
    allocation.delivered_on = cmd.delivered_on
    uow.allocations.add(allocation)
    uow.emit(
        UnitDelivered(
            project_id=allocation.project_id,
            unit_id=unit.id,
            allocation_id=allocation.id,
            eligibility_id=allocation.eligibility_id,
            household_id=allocation.household_id,
            agreement_id=allocation.agreement_id,
            promised_delivery_on=allocation.promised_delivery_on,
            delivered_on=cmd.delivered_on,
        )
    )
    return allocation, True
