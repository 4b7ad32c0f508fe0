"""Handlers of the site, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import DemolitionRecorded, LandCleared, SettlementRequested
from expro_shared.problems import not_found, validation_error
from project_svc.errors import step_refused
from project_svc.projects.domain import AlreadyRecorded, Step, StepMissing
from project_svc.site import domain
from project_svc.site.commands import RecordClearance, RecordDemolition, RequestSettlement
from project_svc.site.tables import ClearanceRow, DemolitionRow, SettlementRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def _project(uow: ProjectUnitOfWork, project_id: str) -> None:
    if await uow.projects.get(project_id) is None:
        raise not_found("project")


async def record_demolition(uow: ProjectUnitOfWork, cmd: RecordDemolition) -> DemolitionRow:
    """拆除: every listed household of the project moved out on or before the day (emits
    `demolition_recorded`); non-residential buildings list no household."""
    await _project(uow, cmd.project_id)
    if len(set(cmd.household_ids)) != len(cmd.household_ids):
        raise validation_error("a household is listed twice", ["body", "household_ids"])
    moved_out = {}
    for i, household_id in enumerate(cmd.household_ids):
        household = await uow.households.of(cmd.project_id, household_id)
        if household is None:
            raise validation_error("the household is not registered in this project", ["body", "household_ids", i])
        moved_out[household_id] = household.moved_out_on
    try:
        domain.demolition_gate(cmd.demolished_on, moved_out)
    except StepMissing as exc:
        raise step_refused(exc) from exc
    demolition = DemolitionRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        demolished_on=cmd.demolished_on,
        area_m2=cmd.area_m2,
        buildings=cmd.buildings,
        household_ids=list(cmd.household_ids),
        contractor=cmd.contractor,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.demolitions.add(demolition)
    uow.emit(
        DemolitionRecorded(
            project_id=cmd.project_id,
            demolition_id=demolition.id,
            area_m2=cmd.area_m2,
            buildings=cmd.buildings,
            demolished_on=cmd.demolished_on,
            household_ids=list(cmd.household_ids),
            contractor=cmd.contractor,
        )
    )
    return demolition


async def record_clearance(uow: ProjectUnitOfWork, cmd: RecordClearance) -> ClearanceRow:
    """腾地 (emits `land_cleared`)."""
    await _project(uow, cmd.project_id)
    clearance = ClearanceRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        cleared_on=cmd.cleared_on,
        area_mu=cmd.area_mu,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.clearances.add(clearance)
    uow.emit(
        LandCleared(
            project_id=cmd.project_id, clearance_id=clearance.id, area_mu=cmd.area_mu, cleared_on=cmd.cleared_on
        )
    )
    return clearance


async def request_settlement(uow: ProjectUnitOfWork, cmd: RequestSettlement) -> SettlementRow:
    """结算: once per project (its constraint), after land was cleared (emits `settlement_requested`)."""
    await _project(uow, cmd.project_id)
    existing = await uow.settlements.for_project(cmd.project_id)
    cleared = [c.cleared_on for c in await uow.clearances.of_project(cmd.project_id)]
    try:
        domain.settlement_gate(cmd.requested_on, cleared, existing.requested_on if existing else None)
    except (StepMissing, AlreadyRecorded) as exc:
        raise step_refused(exc) from exc
    settlement = SettlementRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        requested_on=cmd.requested_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    if not await uow.settlements.insert_unless_taken(settlement):
        raise step_refused(AlreadyRecorded(Step.SETTLEMENT, "the project's settlement was requested already"))
    uow.emit(SettlementRequested(project_id=cmd.project_id, requested_on=cmd.requested_on))
    return settlement
