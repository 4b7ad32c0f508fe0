"""housing-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457). A refused step names the step it waits for.
(``UnknownProject`` is a domain exception of the projection, not an HTTP refusal: it lives
in ``housing_svc.projects.domain``.)"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from expro_shared.problems import Problem


class ImportRowError(BaseModel):
    row: int = Field(description="行号（表头为第 1 行）/ row as the spreadsheet shows it (the header is row 1)")
    column: str | None = Field(description="列名（整份文件的问题为空）/ the column, null for the file as a whole")
    msg: str


class StockImportInvalid(Problem):
    """房源导入文件有误 / the import file has faults: nothing was imported; `errors` lists
    every fault by row and column."""

    SLUG: ClassVar[str | None] = "stock-import-invalid"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Stock Import Invalid"

    errors: list[ImportRowError]


class EligibilityNotPending(Problem):
    """安置资格不在待审核状态 / only a collective villager's pending eligibility is reviewed."""

    SLUG: ClassVar[str | None] = "eligibility-not-pending"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Eligibility Not Pending Review"

    current_status: str = Field(description="当前状态 / the eligibility's status now")


class RoundNotLottery(Problem):
    """该批次按签约顺序选房，不摇号 / the round is ordered by signing order: it has no lottery."""

    SLUG: ClassVar[str | None] = "round-not-lottery"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Round Not Ordered By Lottery"


class LotteryAlreadyCommitted(Problem):
    """摇号种子已承诺 / the seed commitment was made already (the roster is frozen)."""

    SLUG: ClassVar[str | None] = "lottery-already-committed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Lottery Already Committed"


class RosterEmpty(Problem):
    """无可参加选房的家庭 / no eligible household without a unit in the round's projects:
    grant (or review) eligibilities first."""

    SLUG: ClassVar[str | None] = "roster-empty"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Roster Empty"


class LotteryNotCommitted(Problem):
    """尚未承诺摇号种子 / the draw waits for the seed commitment (commitLotterySeed)."""

    SLUG: ClassVar[str | None] = "lottery-not-committed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Lottery Not Committed"


class LotteryAlreadyDrawn(Problem):
    """已摇号 / the round was drawn already: a second draw is refused."""

    SLUG: ClassVar[str | None] = "lottery-already-drawn"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Lottery Already Drawn"


class SeedMismatch(Problem):
    """种子与承诺不符 / SHA-256 of the seed's bytes is not the committed value."""

    SLUG: ClassVar[str | None] = "seed-mismatch"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Seed Does Not Match The Commitment"

    seed_commitment: str = Field(description="已承诺的值 / the committed SHA-256")


class OrderNotDrawn(Problem):
    """选房顺序尚未产生 / the round's order waits for the lottery draw (drawLottery)."""

    SLUG: ClassVar[str | None] = "order-not-drawn"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Order Not Drawn"


class NotOnRoster(Problem):
    """该家庭不在本批次名单 / the household is not on this round's roster (it waits for a later round)."""

    SLUG: ClassVar[str | None] = "not-on-roster"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Not On The Roster"


class OutOfTurn(Problem):
    """未轮到该家庭 / households before it have not chosen, skipped or let their turn pass
    (or the round has not started)."""

    SLUG: ClassVar[str | None] = "out-of-turn"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Out Of Turn"

    position: int = Field(description="该家庭的顺序号（从 1 起）/ the household's place, from 1")
    waiting_for: list[str] = Field(description="尚未轮完的在前家庭（资格标识）/ earlier households still in their turn")
    turn_starts_at: str = Field(description="其轮次最晚开始时间 / when its own turn window opens at the latest")


class UnitTaken(Problem):
    """该房源已被选定 / the unit is allocated to another household."""

    SLUG: ClassVar[str | None] = "unit-taken"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Unit Taken"


class AlreadyAllocated(Problem):
    """该家庭已选定其他房源 / the household already chose another unit."""

    SLUG: ClassVar[str | None] = "already-allocated"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Household Already Allocated"

    allocation_id: str
    unit_id: str


class OverEntitlement(Problem):
    """超出可选面积 / the unit is larger than the household's entitled area plus the allowed excess."""

    SLUG: ClassVar[str | None] = "over-entitlement"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Over Entitlement"

    entitled_area_m2: str
    max_area_m2: str = Field(description="可选最大面积 / the largest unit area this household may choose")
    unit_area_m2: str


class TurnAlreadyUsed(Problem):
    """该家庭本批次已选房或已放弃 / the household already chose or skipped in this round."""

    SLUG: ClassVar[str | None] = "turn-already-used"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Turn Already Used"


class UnitNotAllocated(Problem):
    """房源尚未选定 / a unit is delivered only once a household chose it (chooseUnit)."""

    SLUG: ClassVar[str | None] = "unit-not-allocated"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Unit Not Allocated"


class UnitAlreadyDelivered(Problem):
    """房源已交付 / the unit was delivered already."""

    SLUG: ClassVar[str | None] = "unit-already-delivered"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Unit Already Delivered"

    delivered_on: str


class DeliveryTooEarly(Problem):
    """交付日期早于选房或竣工日期 / a unit is delivered no earlier than it was completed and chosen."""

    SLUG: ClassVar[str | None] = "delivery-too-early"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Delivery Too Early"

    earliest: str = Field(description="最早可交付日期 / the earliest possible delivery date")
