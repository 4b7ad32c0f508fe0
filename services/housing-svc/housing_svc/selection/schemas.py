"""API models of selection (``XCreate`` in, ``XPublic`` out). Areas are ㎡ strings, money
yuan strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, Count, IsoDateTime, RequestBody
from expro_shared.vocabulary import Money
from housing_svc.areas import format_area
from housing_svc.selection import domain
from housing_svc.selection.domain import Ordering, RoundStatus, TurnState
from housing_svc.selection.tables import AllocationRow, RoundRow

Id = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[^\x00]*$")]
#: Hex in either case, kept in lowercase (the recipe's hashes are lowercase hex).
Sha256Hex = Annotated[
    str,
    Field(pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256，64 位十六进制 / 64 hex digits"),
    AfterValidator(str.lower),
]


class RoundCreate(RequestBody):
    """创建选房批次 / create a selection round."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_ids": ["0b6f3c1e-6a1f-4c3e-9a51-2f1d6f2b7c10"],
                    "ordering": "lottery",
                    "starts_at": "2024-03-01T09:00:00+08:00",
                    "turn_minutes": 15,
                }
            ]
        }
    )
    project_ids: list[Id] = Field(min_length=1, max_length=50, description="项目 / projects of the round")
    ordering: Ordering = Field(description="signing_order（按签约顺序）| lottery（摇号）")
    starts_at: IsoDateTime = Field(description="开始时间（含时区，可为将来）/ when the first turn opens")
    turn_minutes: Count = Field(ge=1, le=1440, description="每户选房时长（分钟）/ each household's turn, minutes")


class SeedCommitment(RequestBody):
    """承诺摇号种子 / commit to the secret seed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"seed_commitment": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]
        }
    )
    seed_commitment: Sha256Hex


class DrawRequest(RequestBody):
    """摇号 / reveal the seed with the public beacon."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"seed": "00112233445566778899aabbccddeeff", "beacon": "SSE Composite 2024-03-01 close 3027.02"}
            ]
        }
    )
    seed: Annotated[str, AfterValidator(str.lower)] = Field(
        pattern=r"^([0-9a-fA-F]{2}){16,128}$",
        description="种子（十六进制，16–128 字节）/ the secret seed as hex, 16 to 128 bytes",
    )
    beacon: str = Field(
        min_length=1,
        max_length=500,
        pattern=r"^[^\x00]*$",
        description="承诺之后才公开的值（如指数收盘价）/ a public value known only after the commitment",
    )


class ChoiceCreate(RequestBody):
    """选房 / a household chooses a unit."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "eligibility_id": "5d0f8b3a-1c2e-4f5a-8b9c-0d1e2f3a4b5c",
                    "unit_id": "7c1f0c9e-2b1e-4f43-9a3d-5d7e1f0c2b11",
                    "chosen_on": "2024-03-01",
                }
            ]
        }
    )
    eligibility_id: Id
    unit_id: Id
    chosen_on: BusinessDate | None = Field(
        None, description="选房日期（默认今天，不晚于今天）/ the day of the choice, today unless given"
    )


class SkipCreate(RequestBody):
    """放弃本轮 / a household passes its turn."""

    eligibility_id: Id


class DeliveryCreate(RequestBody):
    """交房 / hand a chosen unit over."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"delivered_on": "2024-06-28"}]})
    delivered_on: BusinessDate = Field(description="交付日期（不晚于今天）/ the day the unit was handed over")


class RoundPublic(BaseModel):
    """选房批次 / a selection round."""

    id: str
    project_ids: list[str]
    ordering: Ordering
    status: RoundStatus = Field(description="open | committed | drawn (lottery); ordered (signing order)")
    starts_at: datetime
    turn_minutes: int
    seed_commitment: str | None = None
    roster_hash: str | None = None
    committed_at: datetime | None = None
    seed: str | None = None
    beacon: str | None = None
    draw_seed: str | None = None
    drawn_at: datetime | None = None
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, r: RoundRow, project_ids: list[str]) -> RoundPublic:
        return cls(
            id=r.id,
            project_ids=project_ids,
            ordering=Ordering(r.ordering),
            status=RoundStatus(r.status),
            starts_at=r.starts_at,
            turn_minutes=r.turn_minutes,
            seed_commitment=r.seed_commitment,
            roster_hash=r.roster_hash,
            committed_at=r.committed_at,
            seed=r.seed,
            beacon=r.beacon,
            draw_seed=r.draw_seed,
            drawn_at=r.drawn_at,
            created_by=r.created_by,
            created_at=r.created_at,
        )


class TurnPublic(BaseModel):
    position: int = Field(description="顺序号（从 1 起）/ place, from 1")
    eligibility_id: str
    household_id: str
    project_id: str
    ticket: str | None = Field(None, description="摇号票值 / the lottery ticket (lottery rounds)")
    turn_starts_at: datetime
    turn_ends_at: datetime
    state: TurnState = Field(description="waiting | chosen | skipped")


class OrderPublic(BaseModel):
    """选房顺序 / the order of a round."""

    round_id: str
    ordering: Ordering
    roster_hash: str | None
    items: list[TurnPublic]


class TicketPublic(BaseModel):
    eligibility_id: str
    ticket: str


class VerificationPublic(BaseModel):
    """摇号验证材料 / everything needed to recompute a round's order."""

    round_id: str
    ordering: Ordering
    recipe: str = Field(description="计算方法 / how to recompute")
    roster: list[str] = Field(description="名单（资格标识，升序）/ the frozen roster, sorted")
    roster_hash: str | None
    seed_commitment: str | None
    seed: str | None
    beacon: str | None
    draw_seed: str | None
    tickets: list[TicketPublic]
    order: list[str] = Field(description="选房顺序 / eligibility ids in order")
    roster_hash_matches: bool
    commitment_matches: bool | None = Field(description="种子与承诺一致（摇号批次）/ lottery rounds")
    order_matches: bool


class TierPublic(BaseModel):
    tier: str = Field(description="entitled | within_tolerance | beyond | shortfall")
    area_m2: str
    price_per_m2: Money
    amount: Money
    payable: str = Field(description="covered（安置面积内，以产权调换抵）| household_pays | household_receives")


PAYABLE = {
    "entitled": "covered",
    "within_tolerance": "household_pays",
    "beyond": "household_pays",
    "shortfall": "household_receives",
}


class PriceDifferencePublic(BaseModel):
    """安置差价 / the price difference of an allocation."""

    allocation_id: str
    unit_id: str
    eligibility_id: str
    unit_area_m2: str
    entitled_area_m2: str
    tolerance_m2: str
    tolerance_rate_percent: int
    tiers: list[TierPublic]
    household_pays: Money = Field(description="被征收人应补交 / what the household pays")
    household_receives: Money = Field(description="应退还被征收人 / what the household gets back")

    @classmethod
    def of(cls, a: AllocationRow) -> PriceDifferencePublic:
        assessed = domain.price_difference(
            a.area_centi,
            a.entitled_area_centi,
            a.tolerance_centi,
            a.tolerance_rate_percent,
            a.resettlement_price_fen,
            a.market_price_fen,
        )
        return cls(
            allocation_id=a.id,
            unit_id=a.unit_id,
            eligibility_id=a.eligibility_id,
            unit_area_m2=format_area(a.area_centi),
            entitled_area_m2=format_area(a.entitled_area_centi),
            tolerance_m2=format_area(a.tolerance_centi),
            tolerance_rate_percent=a.tolerance_rate_percent,
            tiers=[
                TierPublic(
                    tier=t.tier,
                    area_m2=format_area(t.area_centi),
                    price_per_m2=Money(t.price_fen),
                    amount=Money(t.amount_fen),
                    payable=PAYABLE[t.tier],
                )
                for t in assessed.tiers
            ],
            household_pays=Money(assessed.household_pays),
            household_receives=Money(assessed.household_receives),
        )


class AllocationPublic(BaseModel):
    """安置房分配 / a household's chosen unit."""

    id: str
    round_id: str
    eligibility_id: str
    unit_id: str
    project_id: str
    household_id: str
    agreement_id: str
    community: str
    area_m2: str
    entitled_area_m2: str
    household_pays: Money
    household_receives: Money
    chosen_on: date
    chosen_by: str
    created_at: datetime
    promised_delivery_on: date | None = None
    delivered_on: date | None = None
    delivered_late: bool | None = Field(None, description="晚于承诺日期交付 / delivered after the promised date")

    @classmethod
    def of(cls, a: AllocationRow) -> AllocationPublic:
        late = None
        if a.delivered_on is not None and a.promised_delivery_on is not None:
            late = a.delivered_on > a.promised_delivery_on
        return cls(
            id=a.id,
            round_id=a.round_id,
            eligibility_id=a.eligibility_id,
            unit_id=a.unit_id,
            project_id=a.project_id,
            household_id=a.household_id,
            agreement_id=a.agreement_id,
            community=a.community,
            area_m2=format_area(a.area_centi),
            entitled_area_m2=format_area(a.entitled_area_centi),
            household_pays=Money(a.household_pays_fen),
            household_receives=Money(a.household_receives_fen),
            chosen_on=a.chosen_on,
            chosen_by=a.chosen_by,
            created_at=a.created_at,
            promised_delivery_on=a.promised_delivery_on,
            delivered_on=a.delivered_on,
            delivered_late=late,
        )
