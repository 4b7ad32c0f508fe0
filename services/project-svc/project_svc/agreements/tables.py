"""Tables of compensation: ``agreements``, ``compensation_decisions``, ``land_agreements``.
Money is integer fen (items as ``[{item, fen}]``), areas 2-decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from expro_shared.db import UTCDateTime
from project_svc.tables import ProjectTable


class AgreementRow(ProjectTable, table=True):
    """补偿协议 / a household's compensation agreement: one per household (its constraint)."""

    __tablename__ = "agreements"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    household_id: str = Field(foreign_key="households.id", max_length=36, unique=True)
    kind: str = Field(max_length=20)
    area_m2: str = Field(max_length=32)
    items: list[dict[str, Any]] = Field(sa_type=sa.JSON, description="[{item, fen}]")
    total_fen: int = Field(sa_type=sa.BigInteger)
    signed_on: date
    payment_due_on: date
    move_out_deadline: date
    entitled_area_m2: str | None = Field(default=None, max_length=32)
    promised_delivery_on: date | None = None
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CompensationDecisionRow(ProjectTable, table=True):
    """补偿决定 / the compensation decision of a household: one per household (its constraint)."""

    __tablename__ = "compensation_decisions"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    household_id: str = Field(foreign_key="households.id", max_length=36, unique=True)
    area_m2: str = Field(max_length=32)
    items: list[dict[str, Any]] = Field(sa_type=sa.JSON, description="[{item, fen}]")
    total_fen: int = Field(sa_type=sa.BigInteger)
    decided_on: date
    move_out_deadline: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class LandAgreementRow(ProjectTable, table=True):
    """土地征收补偿协议 / a collective organisation's land agreement."""

    __tablename__ = "land_agreements"

    id: str = Field(primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="projects.id", max_length=36, index=True)
    collective_organization: str = Field(max_length=200)
    area_mu: str = Field(max_length=32)
    amount_fen: int = Field(sa_type=sa.BigInteger)
    signed_on: date
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
