"""Handlers of valuation, each inside the caller's unit of work (state change + outbox row)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.project import ValuationAgencySelected, ValuationReportFiled
from expro_shared.problems import not_found, validation_error
from expro_shared.vocabulary import Money
from project_svc.valuation import domain
from project_svc.valuation.commands import FileReport, SelectAgency
from project_svc.valuation.tables import AgencySelectionRow, ValuationReportRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def select_agency(uow: ProjectUnitOfWork, cmd: SelectAgency) -> AgencySelectionRow:
    """评估机构选定 (emits `valuation_agency_selected`)."""
    if await uow.projects.get(cmd.project_id) is None:
        raise not_found("project")
    try:
        domain.selection(cmd.candidates, cmd.selected)
    except domain.SelectionInvalid as exc:
        raise validation_error(str(exc), ["body", exc.field]) from exc
    row = AgencySelectionRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        method=cmd.method.value,
        candidates=list(cmd.candidates),
        selected=cmd.selected,
        selected_on=cmd.selected_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.valuation_agency_selections.add(row)
    uow.emit(
        ValuationAgencySelected(
            project_id=cmd.project_id,
            selection_id=row.id,
            method=cmd.method.value,
            candidates=list(cmd.candidates),
            selected=cmd.selected,
            selected_on=cmd.selected_on,
        )
    )
    return row


async def file_report(uow: ProjectUnitOfWork, cmd: FileReport) -> ValuationReportRow:
    """评估报告 of a household of the project (emits `valuation_report_filed`)."""
    if await uow.projects.get(cmd.project_id) is None:
        raise not_found("project")
    if await uow.households.of(cmd.project_id, cmd.household_id) is None:
        raise not_found("household", "the household is not registered in this project")
    row = ValuationReportRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        household_id=cmd.household_id,
        agency=cmd.agency,
        value_fen=cmd.value_fen,
        value_date=cmd.value_date,
        filed_on=cmd.filed_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.valuation_reports.add(row)
    uow.emit(
        ValuationReportFiled(
            project_id=cmd.project_id,
            valuation_report_id=row.id,
            household_id=cmd.household_id,
            agency=cmd.agency,
            value=Money(cmd.value_fen),
            value_date=cmd.value_date,
            filed_on=cmd.filed_on,
        )
    )
    return row
