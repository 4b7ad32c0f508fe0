"""Pure rules of the site (拆除, 腾地, 结算), no I/O.

Houses are demolished only once their households have moved out; a project is settled only
once its land is cleared. Each gate compares the business dates both steps carry.
"""

from __future__ import annotations

from datetime import date

from project_svc.projects.domain import AlreadyRecorded, Step, earliest, require_step


def demolition_gate(demolished_on: date, moved_out: dict[str, date | None]) -> None:
    """Every listed household (id → its move-out day) moved out on or before the demolition."""
    for household_id, moved_out_on in moved_out.items():
        require_step(Step.MOVE_OUT, moved_out_on, demolished_on, household_id)


def settlement_gate(requested_on: date, cleared_on: list[date], already_on: date | None) -> None:
    """Once per project, after land was cleared on or before the request."""
    if already_on is not None:
        raise AlreadyRecorded(Step.SETTLEMENT, f"settlement was requested on {already_on.isoformat()} already")
    require_step(Step.CLEARANCE, earliest(cleared_on), requested_on)
