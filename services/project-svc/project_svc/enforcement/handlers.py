"""Handlers of enforcement, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import JudicialProcedureStarted
from expro_shared.problems import not_found
from project_svc.enforcement import domain
from project_svc.enforcement.commands import StartJudicialProcedure
from project_svc.enforcement.tables import JudicialProcedureRow
from project_svc.errors import MoveOutDeadlineNotPassed, step_refused
from project_svc.projects.domain import StepMissing

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def start_judicial_procedure(uow: ProjectUnitOfWork, cmd: StartJudicialProcedure) -> JudicialProcedureRow:
    """司法程序, after the compensation decision's move-out deadline (emits
    `judicial_procedure_started`)."""
    if await uow.projects.get(cmd.project_id) is None:
        raise not_found("project")
    if await uow.households.of(cmd.project_id, cmd.household_id) is None:
        raise not_found("household", "the household is not registered in this project")
    decision = await uow.compensation_decisions.for_household(cmd.household_id)
    try:
        domain.judicial_gate(
            cmd.household_id,
            cmd.filed_on,
            decision.decided_on if decision else None,
            decision.move_out_deadline if decision else None,
        )
    except StepMissing as exc:
        raise step_refused(exc) from exc
    except domain.DeadlineNotPassed as exc:
        raise MoveOutDeadlineNotPassed.error(
            str(exc), household_id=exc.household_id, move_out_deadline=exc.move_out_deadline.isoformat()
        ) from exc
    row = JudicialProcedureRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        household_id=cmd.household_id,
        court=cmd.court,
        filed_on=cmd.filed_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.judicial_procedures.add(row)
    uow.emit(
        JudicialProcedureStarted(
            project_id=cmd.project_id,
            procedure_id=row.id,
            household_id=cmd.household_id,
            court=cmd.court,
            filed_on=cmd.filed_on,
        )
    )
    return row
