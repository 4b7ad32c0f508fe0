"""Tables of selection: rounds, their projects and roster, and allocations. Areas are
integer hundredths of ㎡, prices and amounts integer fen."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from housing_svc.tables import HousingTable


class RoundRow(HousingTable, table=True):
    """选房批次 / a selection round."""

    __tablename__ = "selection_rounds"

    id: str = Field(primary_key=True, max_length=36)
    ordering: str = Field(max_length=20)  # an Ordering
    status: str = Field(max_length=20)  # a RoundStatus
    starts_at: datetime = Field(sa_type=UTCDateTime)
    turn_minutes: int
    seed_commitment: str | None = Field(default=None, max_length=64)
    roster_hash: str | None = Field(default=None, max_length=64)
    committed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    seed: str | None = Field(default=None, sa_type=sa.Text)
    beacon: str | None = Field(default=None, sa_type=sa.Text)
    draw_seed: str | None = Field(default=None, max_length=64)
    drawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class RoundProjectRow(HousingTable, table=True):
    """批次所含项目 / a project of a round."""

    __tablename__ = "selection_round_projects"

    round_id: str = Field(foreign_key="selection_rounds.id", primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", primary_key=True, max_length=36, index=True)


class EntryRow(HousingTable, table=True):
    """名单 / a household on a round's frozen roster, with its place once ordered."""

    __tablename__ = "selection_entries"

    round_id: str = Field(foreign_key="selection_rounds.id", primary_key=True, max_length=36)
    eligibility_id: str = Field(foreign_key="eligibilities.id", primary_key=True, max_length=36, index=True)
    position: int | None = Field(default=None)
    ticket: str | None = Field(default=None, max_length=64)
    skipped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    skipped_by: str | None = Field(default=None, max_length=200)


class AllocationRow(HousingTable, table=True):
    """选定的安置房 / a household's chosen unit: one per household, one per unit (the
    constraints decide races)."""

    __tablename__ = "allocations"
    __table_args__ = (
        sa.UniqueConstraint("eligibility_id", name="uq_allocations_eligibility"),
        sa.UniqueConstraint("unit_id", name="uq_allocations_unit"),
    )

    id: str = Field(primary_key=True, max_length=36)
    round_id: str = Field(foreign_key="selection_rounds.id", max_length=36, index=True)
    eligibility_id: str = Field(foreign_key="eligibilities.id", max_length=36)
    unit_id: str = Field(foreign_key="units.id", max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    household_id: str = Field(max_length=36)
    agreement_id: str = Field(max_length=36)
    community: str = Field(max_length=100, index=True)
    area_centi: int = Field(sa_type=sa.BigInteger)
    entitled_area_centi: int = Field(sa_type=sa.BigInteger)
    #: What the price difference was assessed with, as it stood at the choice.
    resettlement_price_fen: int = Field(sa_type=sa.BigInteger)
    market_price_fen: int = Field(sa_type=sa.BigInteger)
    tolerance_centi: int = Field(sa_type=sa.BigInteger)
    tolerance_rate_percent: int
    household_pays_fen: int = Field(sa_type=sa.BigInteger)
    household_receives_fen: int = Field(sa_type=sa.BigInteger)
    chosen_on: date
    chosen_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    promised_delivery_on: date | None = Field(default=None)
    delivered_on: date | None = Field(default=None)
