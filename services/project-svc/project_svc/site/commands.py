"""Commands of the site: demolitions, clearances, settlement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RecordDemolition:
    """记录拆除 / buildings were demolished (households listed had moved out)."""

    project_id: str
    demolished_on: date
    area_m2: str
    buildings: int
    household_ids: list[str]
    contractor: str


@dataclass(frozen=True)
class RecordClearance:
    """记录腾地 / land was cleared."""

    project_id: str
    cleared_on: date
    area_mu: str


@dataclass(frozen=True)
class RequestSettlement:
    """申请结算 / the project's settlement was requested."""

    project_id: str
    requested_on: date
