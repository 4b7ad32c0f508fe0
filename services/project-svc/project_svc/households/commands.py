"""Commands of households (被征收户)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from project_svc.households.domain import BuildingClassification


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    relation: str


@dataclass(frozen=True)
class UnregisteredBuilding:
    area_m2: str
    classification: BuildingClassification


@dataclass(frozen=True)
class RegisterHousehold:
    """调查登记被征收户 / register a surveyed household of a project."""

    project_id: str
    head_name: str
    id_number: str
    address: str
    members: int
    registered_area_m2: str
    unregistered: list[UnregisteredBuilding] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class RecordMoveOut:
    """记录腾房 / the household moved out on ``moved_out_on``."""

    household_id: str
    moved_out_on: date
