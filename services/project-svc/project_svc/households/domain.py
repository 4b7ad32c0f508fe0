"""Pure rules of households (调查登记, 腾房), no I/O.

A household moves out under its compensation agreement (条例 Art. 25) or the compensation
decision made for it (Art. 26): one of them must exist, dated on or before the move-out.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from project_svc.projects.domain import AlreadyRecorded, Step, earliest, require_step


class BuildingClassification(StrEnum):
    """未经登记建筑的认定 / how an unregistered building was classified (条例 Art. 24)."""

    LEGAL = "legal"  # 认定为合法建筑
    TEMPORARY_IN_TERM = "temporary_in_term"  # 未超过批准期限的临时建筑
    ILLEGAL = "illegal"  # 违法建筑、超过批准期限的临时建筑（不予补偿）


def move_out(
    household_id: str,
    moved_out_on: date,
    already_on: date | None,
    agreement_signed_on: date | None,
    decided_on: date | None,
) -> date:
    """The household's move-out day, once: after its agreement was signed or its
    compensation decision made (whichever came first)."""
    if already_on is not None:
        raise AlreadyRecorded(Step.MOVE_OUT, f"the household moved out on {already_on.isoformat()} already")
    basis = earliest([d for d in (agreement_signed_on, decided_on) if d is not None])
    require_step(Step.AGREEMENT_OR_COMPENSATION_DECISION, basis, moved_out_on, household_id)
    return moved_out_on
