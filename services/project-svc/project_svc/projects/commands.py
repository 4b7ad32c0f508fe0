"""Commands of projects (imperative requests)."""

from __future__ import annotations

from dataclasses import dataclass

from expro_shared.vocabulary import LandType


@dataclass(frozen=True)
class RegisterProject:
    """登记征收项目 / register an expropriation project."""

    code: str
    name: str
    land_type: LandType
    district: str
    owner_unit: str
    planned_households: int
    planned_area_m2: str
