"""HTTP routes of selection: rounds, the verifiable lottery, choices, allocations, price
difference and delivery — thin: parse, authorise, one unit of work."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from expro_shared.db import utcnow
from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from expro_shared.requests import center_today
from housing_svc.areas import parse_area
from housing_svc.config import HousingSettings
from housing_svc.deps import HousingRead, HousingWrite, Rt
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
from housing_svc.selection import domain, handlers
from housing_svc.selection.commands import Choose, CommitSeed, CreateRound, Deliver, Draw, Skip
from housing_svc.selection.domain import Ordering, RoundStatus
from housing_svc.selection.repository import ALLOCATION_PAGES, ROUND_PAGES
from housing_svc.selection.schemas import (
    AllocationPublic,
    ChoiceCreate,
    DeliveryCreate,
    DrawRequest,
    OrderPublic,
    PriceDifferencePublic,
    RoundCreate,
    RoundPublic,
    SeedCommitment,
    SkipCreate,
    TicketPublic,
    TurnPublic,
    VerificationPublic,
)

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork

router = APIRouter(prefix="/v1", tags=["selection"])
IdQuery = Annotated[str | None, Query(max_length=36, pattern=r"^[^\x00]*$")]
RECIPE = (
    "roster_hash = SHA-256(UTF-8(sorted eligibility ids joined with '\\n', no trailing newline)), hex; "
    "seed_commitment = SHA-256(bytes.fromhex(seed)), hex; "
    "draw_seed = SHA-256(bytes.fromhex(seed) || UTF-8(beacon)), hex; "
    "ticket = SHA-256(UTF-8(draw_seed + ':' + eligibility_id)), hex; order = by ticket, ascending. "
    "signing_order rounds: by the agreement's signed_on, then eligibility id."
)


def _settings(rt: Rt) -> HousingSettings:
    settings: HousingSettings = rt.settings  # type: ignore[assignment]
    return settings


async def _round_public(rt: Rt, principal: Any, round_id: str) -> RoundPublic:
    async with rt.uow(principal.sub) as uow:
        rnd = await uow.rounds.get(round_id, principal=principal)
        if rnd is None:
            raise not_found("selection round")
        return RoundPublic.of(rnd, await uow.rounds.project_ids(rnd.id))


@router.post(
    "/selection-rounds",
    operation_id="createSelectionRound",
    summary="创建选房批次 / create a selection round",
    status_code=201,
    response_model=RoundPublic,
    responses=problem_responses(401, 403, 404, RosterEmpty, IdempotencyKeyReused),
)
async def create_round(
    body: RoundCreate,
    request: Request,
    rt: Rt,
    principal: HousingWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """按签约顺序的批次在创建时冻结名单并确定顺序；摇号批次在承诺种子时冻结名单。

    A round over the eligible households (without a unit yet) of its projects. A
    `signing_order` round freezes its roster and order now (409 `roster-empty` if there is
    nobody); a `lottery` round at `commitLotterySeed`. Emits `selection_round_created`. An
    optional `Idempotency-Key` makes a retried request replay the first response."""
    cmd = CreateRound(
        project_ids=body.project_ids, ordering=body.ordering, starts_at=body.starts_at, turn_minutes=body.turn_minutes
    )

    async def work(uow: HousingUnitOfWork) -> tuple[int, Any]:
        rnd, project_ids = await handlers.create_round(uow, cmd)
        return 201, RoundPublic.of(rnd, project_ids).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


@router.get(
    "/selection-rounds",
    operation_id="listSelectionRounds",
    summary="选房批次列表 / list selection rounds",
    response_model=Page[RoundPublic],
    responses=problem_responses(401, 403),
)
async def list_rounds(rt: Rt, principal: HousingRead, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """选房批次，按创建顺序。Rounds, oldest first (owner units and districts: rounds of their projects)."""
    async with rt.uow(principal.sub) as uow:
        rows = await uow.rounds.page(principal, cursor, limit)
        ids = {r.id: await uow.rounds.project_ids(r.id) for r in rows}
    return ROUND_PAGES.page(rows, limit, lambda r: RoundPublic.of(r, ids[r.id]))


@router.get(
    "/selection-rounds/{round_id}",
    operation_id="getSelectionRound",
    summary="选房批次详情 / get a selection round",
    response_model=RoundPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_round(round_id: str, rt: Rt, principal: HousingRead) -> Any:
    """批次及其摇号材料。A round with its lottery material."""
    return await _round_public(rt, principal, round_id)


@router.post(
    "/selection-rounds/{round_id}/commitment",
    operation_id="commitLotterySeed",
    summary="承诺摇号种子 / commit to the lottery seed",
    response_model=RoundPublic,
    responses=problem_responses(
        401, 403, 404, RoundNotLottery, LotteryAlreadyCommitted, LotteryAlreadyDrawn, RosterEmpty
    ),
)
async def commit_seed(round_id: str, body: SeedCommitment, rt: Rt, principal: HousingWrite) -> Any:
    """公布种子的 SHA-256；名单冻结并公布 roster_hash。

    Publishes `seed_commitment` (SHA-256 of the secret seed's bytes, hex). The roster — the
    eligible households of the round's projects without a unit, now — is frozen and its
    `roster_hash` published; later eligibilities wait for the next round. Emits
    `lottery_committed`."""
    async with rt.uow(principal.sub) as uow:
        rnd = await handlers.commit_seed(uow, CommitSeed(round_id=round_id, seed_commitment=body.seed_commitment))
        project_ids = await uow.rounds.project_ids(rnd.id)
        await uow.commit()
    return RoundPublic.of(rnd, project_ids)


@router.post(
    "/selection-rounds/{round_id}/draw",
    operation_id="drawLottery",
    summary="摇号 / draw the lottery",
    response_model=RoundPublic,
    responses=problem_responses(401, 403, 404, RoundNotLottery, LotteryNotCommitted, LotteryAlreadyDrawn, SeedMismatch),
)
async def draw(round_id: str, body: DrawRequest, rt: Rt, principal: HousingWrite) -> Any:
    """公开种子与承诺之后才公布的信标值，按公开算法产生选房顺序；不得二次摇号。

    Reveals the seed (it must hash to the commitment: 422 `seed-mismatch`) and a beacon
    known only after the commitment; the order follows from the published recipe (see
    `verifySelectionOrder`). A second draw is refused (409). Emits `selection_round_drawn`."""
    async with rt.uow(principal.sub) as uow:
        rnd = await handlers.draw(uow, Draw(round_id=round_id, seed=body.seed, beacon=body.beacon))
        project_ids = await uow.rounds.project_ids(rnd.id)
        await uow.commit()
    return RoundPublic.of(rnd, project_ids)


@router.get(
    "/selection-rounds/{round_id}/order",
    operation_id="getSelectionOrder",
    summary="选房顺序 / the selection order",
    response_model=OrderPublic,
    responses=problem_responses(401, 403, 404, OrderNotDrawn),
)
async def get_order(round_id: str, rt: Rt, principal: HousingRead) -> Any:
    """选房顺序、每户轮次时间窗口与状态。The order, each household's turn window and state."""
    async with rt.uow(principal.sub) as uow:
        rnd = await uow.rounds.get(round_id, principal=principal)
        if rnd is None:
            raise not_found("selection round")
        if not domain.has_order(RoundStatus(rnd.status)):
            raise OrderNotDrawn.error("the round's order waits for the lottery draw (drawLottery)")
        entries = await uow.rounds.entries(rnd.id)
        states = await handlers.turn_states(uow, entries)
        households = await uow.eligibilities.many([e.eligibility_id for e in entries])
    items = []
    for i, (entry, (_, state)) in enumerate(zip(entries, states, strict=True)):
        opens, closes = domain.window(rnd.starts_at, rnd.turn_minutes, i)
        who = households[entry.eligibility_id]
        items.append(
            TurnPublic(
                position=i + 1,
                eligibility_id=entry.eligibility_id,
                household_id=who.household_id,
                project_id=who.project_id,
                ticket=entry.ticket,
                turn_starts_at=opens,
                turn_ends_at=closes,
                state=state,
            )
        )
    return OrderPublic(round_id=rnd.id, ordering=Ordering(rnd.ordering), roster_hash=rnd.roster_hash, items=items)


@router.get(
    "/selection-rounds/{round_id}/verification",
    operation_id="verifySelectionOrder",
    summary="摇号验证 / verify the selection order",
    response_model=VerificationPublic,
    responses=problem_responses(401, 403, 404, OrderNotDrawn),
)
async def verify(round_id: str, rt: Rt, principal: HousingRead) -> Any:
    """公开全部验证材料（名单、承诺、种子、信标、票值、顺序）并复算。

    Everything anyone needs to recompute the order with SHA-256 alone (the `recipe`), and
    this service's own recomputation of each check."""
    async with rt.uow(principal.sub) as uow:
        rnd = await uow.rounds.get(round_id, principal=principal)
        if rnd is None:
            raise not_found("selection round")
        if not domain.has_order(RoundStatus(rnd.status)):
            raise OrderNotDrawn.error("the round's order waits for the lottery draw (drawLottery)")
        entries = await uow.rounds.entries(rnd.id)
        households = await uow.eligibilities.many([e.eligibility_id for e in entries])
    roster = sorted(e.eligibility_id for e in entries)
    order = [e.eligibility_id for e in entries]
    lottery = Ordering(rnd.ordering) is Ordering.LOTTERY
    if lottery and rnd.seed is not None and rnd.beacon is not None:
        recomputed = [e for e, _ in domain.lottery_order(roster, domain.draw_seed(rnd.seed, rnd.beacon))]
        commitment_ok: bool | None = domain.commitment_of(rnd.seed) == rnd.seed_commitment
    else:
        recomputed = domain.signing_order([(e, households[e].signed_on) for e in roster])
        commitment_ok = None
    return VerificationPublic(
        round_id=rnd.id,
        ordering=Ordering(rnd.ordering),
        recipe=RECIPE,
        roster=roster,
        roster_hash=rnd.roster_hash,
        seed_commitment=rnd.seed_commitment,
        seed=rnd.seed,
        beacon=rnd.beacon,
        draw_seed=rnd.draw_seed,
        tickets=[TicketPublic(eligibility_id=e.eligibility_id, ticket=e.ticket) for e in entries if e.ticket],
        order=order,
        roster_hash_matches=domain.roster_hash(roster) == rnd.roster_hash,
        commitment_matches=commitment_ok,
        order_matches=recomputed == order,
    )


@router.post(
    "/selection-rounds/{round_id}/choices",
    operation_id="chooseUnit",
    summary="选房 / choose a unit",
    status_code=201,
    response_model=AllocationPublic,
    responses={
        200: {"model": AllocationPublic, "description": "重复本户已成功的选择 / the household's own earlier choice"},
        **problem_responses(
            401,
            403,
            404,
            OrderNotDrawn,
            NotOnRoster,
            TurnAlreadyUsed,
            OutOfTurn,
            UnitTaken,
            AlreadyAllocated,
            OverEntitlement,
        ),
    },
)
async def choose(round_id: str, body: ChoiceCreate, rt: Rt, principal: HousingWrite) -> Any:
    """轮到该户时选定一套房源：已被选、未轮到或超出可选面积均为 409；重复本户已成功的选择返回原结果（200）。

    The household chooses in its turn (after every household before it chose, skipped or
    let its window pass). 409 when the unit is taken, out of turn, or larger than the
    entitled area plus `HOUSING_SVC_MAX_EXCESS_M2`; repeating its own successful choice
    returns that allocation (200). Emits `unit_allocated` and `price_difference_assessed`."""
    settings = _settings(rt)
    cmd = Choose(
        round_id=round_id,
        eligibility_id=body.eligibility_id,
        unit_id=body.unit_id,
        chosen_on=body.chosen_on or center_today(),
        now=utcnow(),
        tolerance_centi=parse_area(settings.tolerance_m2),
        tolerance_rate_percent=settings.tolerance_rate_percent,
        max_excess_centi=parse_area(settings.max_excess_m2),
    )
    async with rt.uow(principal.sub) as uow:
        allocation, created = await handlers.choose(uow, cmd)
        await uow.commit()  # nothing to write when it repeats an earlier choice
    body_out = AllocationPublic.of(allocation).model_dump(mode="json")
    return JSONResponse(body_out, status_code=201 if created else 200)


@router.post(
    "/selection-rounds/{round_id}/skips",
    operation_id="skipTurn",
    summary="放弃本轮选房 / pass a household's turn",
    response_model=TurnPublic,
    responses=problem_responses(401, 403, 404, OrderNotDrawn, NotOnRoster, TurnAlreadyUsed),
)
async def skip(round_id: str, body: SkipCreate, rt: Rt, principal: HousingWrite) -> Any:
    """该户放弃本轮，后续家庭即可选房；其资格保留到下一批次。The household passes its turn;
    it keeps its eligibility for a later round. Emits `selection_turn_skipped`."""
    async with rt.uow(principal.sub) as uow:
        await handlers.skip(uow, Skip(round_id=round_id, eligibility_id=body.eligibility_id, now=utcnow()))
        await uow.commit()
    order = await get_order(round_id, rt, principal)
    return next(t for t in order.items if t.eligibility_id == body.eligibility_id)


@router.get(
    "/allocations",
    operation_id="listAllocations",
    summary="安置房分配列表 / list allocations",
    response_model=Page[AllocationPublic],
    responses=problem_responses(401, 403),
)
async def list_allocations(
    rt: Rt,
    principal: HousingRead,
    project_id: IdQuery = None,
    round_id: IdQuery = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """已选定的安置房，按选定顺序。Allocations in the order they were made."""
    async with rt.uow(principal.sub) as uow:
        rows = await uow.allocations.page(principal, {"project_id": project_id, "round_id": round_id}, cursor, limit)
    return ALLOCATION_PAGES.page(rows, limit, AllocationPublic.of)


@router.get(
    "/allocations/{allocation_id}",
    operation_id="getAllocation",
    summary="安置房分配详情 / get an allocation",
    response_model=AllocationPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_allocation(allocation_id: str, rt: Rt, principal: HousingRead) -> Any:
    """分配及交付情况。An allocation and its delivery."""
    async with rt.uow(principal.sub) as uow:
        allocation = await uow.allocations.get(allocation_id, principal=principal)
    if allocation is None:
        raise not_found("allocation")
    return AllocationPublic.of(allocation)


@router.get(
    "/allocations/{allocation_id}/price-difference",
    operation_id="getPriceDifference",
    summary="安置差价 / the price difference of an allocation",
    response_model=PriceDifferencePublic,
    responses=problem_responses(401, 403, 404),
)
async def get_price_difference(allocation_id: str, rt: Rt, principal: HousingRead) -> Any:
    """按档计算差价：应安置面积内（产权调换抵扣）、容差面积内（安置价×比例）、超出部分（市场价）；面积不足按安置价退还。

    Per tier: `entitled` (up to the entitled area, at the resettlement price, covered by the
    exchanged house), `within_tolerance` (the next `HOUSING_SVC_TOLERANCE_M2` at the
    resettlement price × `HOUSING_SVC_TOLERANCE_RATE_PERCENT`), `beyond` (the rest at the
    market price); a smaller unit's `shortfall` is refunded at the resettlement price. The
    prices and settings are those in force when the unit was chosen."""
    async with rt.uow(principal.sub) as uow:
        allocation = await uow.allocations.get(allocation_id, principal=principal)
    if allocation is None:
        raise not_found("allocation")
    return PriceDifferencePublic.of(allocation)


@router.post(
    "/units/{unit_id:uuid}/delivery",
    operation_id="deliverUnit",
    summary="交房 / deliver a unit",
    response_model=AllocationPublic,
    tags=["units"],
    responses=problem_responses(401, 403, 404, UnitNotAllocated, UnitAlreadyDelivered, DeliveryTooEarly),
)
async def deliver(unit_id: uuid.UUID, body: DeliveryCreate, rt: Rt, principal: HousingWrite) -> Any:
    """已选定的房源交付给被征收户；交付日期不早于竣工与选房日期。

    Hands a chosen unit over on `delivered_on` (not before it was completed and chosen: 409
    `delivery-too-early`; a unit nobody chose: 409 `unit-not-allocated`). Recording the same
    delivery again answers as before; another date is 409 `unit-already-delivered`. Emits
    `unit_delivered` (fund-svc pays transition fees up to it)."""
    async with rt.uow(principal.sub) as uow:
        allocation, _ = await handlers.deliver(uow, Deliver(unit_id=str(unit_id), delivered_on=body.delivered_on))
        await uow.commit()
    return AllocationPublic.of(allocation)
