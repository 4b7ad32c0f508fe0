"""Handlers of households, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import HouseholdMovedOut, HouseholdRegistered
from expro_shared.problems import not_found
from project_svc.errors import step_refused
from project_svc.households import domain
from project_svc.households.commands import RecordMoveOut, RegisterHousehold
from project_svc.households.tables import HouseholdRow
from project_svc.projects.domain import AlreadyRecorded, StepMissing

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def register_household(uow: ProjectUnitOfWork, cmd: RegisterHousehold) -> HouseholdRow:
    """调查登记: the household, its registered and unregistered areas (emits `household_registered`)."""
    if await uow.projects.get(cmd.project_id) is None:
        raise not_found("project")
    now = utcnow()
    unregistered = [{"area_m2": u.area_m2, "classification": u.classification.value} for u in cmd.unregistered]
    household = HouseholdRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        head_name=cmd.head_name,
        id_number=cmd.id_number,
        address=cmd.address,
        members=cmd.members,
        registered_area_m2=cmd.registered_area_m2,
        unregistered=unregistered,
        persons=[{"name": p.name, "id_number": p.id_number, "relation": p.relation} for p in cmd.persons],
        created_by=uow.actor,
        created_at=now,
        updated_at=now,
    )
    uow.households.add(household)
    uow.emit(
        HouseholdRegistered(
            project_id=cmd.project_id,
            household_id=household.id,
            head_name=cmd.head_name,
            id_number=cmd.id_number,
            address=cmd.address,
            members=cmd.members,
            registered_area_m2=cmd.registered_area_m2,
            unregistered=unregistered,
        )
    )
    return household


async def record_move_out(uow: ProjectUnitOfWork, cmd: RecordMoveOut) -> HouseholdRow:
    """腾房: once, after the household's agreement or compensation decision (emits
    `household_moved_out`). The household's row lock orders it with its other steps."""
    household = await uow.households.get(cmd.household_id, lock=True)
    if household is None:
        raise not_found("household")
    agreement = await uow.agreements.for_household(household.id)
    decision = await uow.compensation_decisions.for_household(household.id)
    try:
        household.moved_out_on = domain.move_out(
            household.id,
            cmd.moved_out_on,
            household.moved_out_on,
            agreement.signed_on if agreement else None,
            decision.decided_on if decision else None,
        )
    except (StepMissing, AlreadyRecorded) as exc:
        raise step_refused(exc) from exc
    household.updated_at = utcnow()
    uow.households.add(household)
    uow.emit(
        HouseholdMovedOut(project_id=household.project_id, household_id=household.id, moved_out_on=cmd.moved_out_on)
    )
    return household
