"""Handlers of compensation, each inside the caller's unit of work (state change + outbox row).

A household's agreement and its compensation decision are each one per household, by their
tables' constraints; both take the household's row lock, so a decision and an agreement of
one household are ordered too."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from expro_shared.db import utcnow
from expro_shared.events.project import (
    AgreementSigned,
    CompensationDecisionMade,
    CompensationItem,
    LandAgreementSigned,
)
from expro_shared.problems import ProblemError, not_found
from expro_shared.vocabulary import CompensationItemKind, LandType, Money
from project_svc.agreements import domain
from project_svc.agreements.commands import MakeCompensationDecision, SignAgreement, SignLandAgreement
from project_svc.agreements.tables import AgreementRow, CompensationDecisionRow, LandAgreementRow
from project_svc.errors import AgreementExists, CompensationInvalid, step_refused
from project_svc.projects.domain import AlreadyRecorded, LandTypeMismatch, Step, StepMissing

if TYPE_CHECKING:
    from project_svc.households.tables import HouseholdRow
    from project_svc.projects.tables import ProjectRow
    from project_svc.uow import ProjectUnitOfWork


def _invalid(exc: domain.CompensationInvalid) -> ProblemError:
    return CompensationInvalid.error(str(exc), errors=[{"loc": ["body", exc.field], "msg": str(exc)}])


def _items(items: list[tuple[CompensationItemKind, int]]) -> tuple[list[dict[str, Any]], list[CompensationItem]]:
    stored = [{"item": kind.value, "fen": fen} for kind, fen in items]
    return stored, [CompensationItem(item=kind, amount=Money(fen)) for kind, fen in items]


async def _household(uow: ProjectUnitOfWork, project_id: str, household_id: str) -> tuple[ProjectRow, HouseholdRow]:
    """The project and its household, the household's row locked."""
    project = await uow.projects.get(project_id)
    if project is None:
        raise not_found("project")
    household = await uow.households.of(project_id, household_id, lock=True)
    if household is None:
        raise not_found("household", "the household is not registered in this project")
    return project, household


async def sign_agreement(uow: ProjectUnitOfWork, cmd: SignAgreement) -> AgreementRow:
    """补偿协议: after the expropriation decision (state-owned) or the approved plan
    (collective), once per household (emits `agreement_signed`)."""
    project, household = await _household(uow, cmd.project_id, cmd.household_id)
    decision = await uow.expropriation_decisions.for_project(cmd.project_id)
    try:
        domain.agreement_terms(
            cmd.kind,
            cmd.signed_on,
            cmd.payment_due_on,
            cmd.move_out_deadline,
            cmd.entitled_area_m2,
            cmd.promised_delivery_on,
        )
        total = domain.total(cmd.items)
        domain.agreement_gate(
            LandType(project.land_type),
            cmd.signed_on,
            decision.decided_on if decision else None,
            await uow.compensation_plans.first_approved_on(cmd.project_id),
        )
    except domain.CompensationInvalid as exc:
        raise _invalid(exc) from exc
    except StepMissing as exc:
        raise step_refused(exc) from exc
    stored, items = _items(cmd.items)
    agreement = AgreementRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        household_id=household.id,
        kind=cmd.kind.value,
        area_m2=cmd.area_m2,
        items=stored,
        total_fen=total,
        signed_on=cmd.signed_on,
        payment_due_on=cmd.payment_due_on,
        move_out_deadline=cmd.move_out_deadline,
        entitled_area_m2=cmd.entitled_area_m2,
        promised_delivery_on=cmd.promised_delivery_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    if not await uow.agreements.insert_unless_taken(agreement):
        raise AgreementExists.error("the household already has a compensation agreement", household_id=household.id)
    uow.emit(
        AgreementSigned(
            project_id=cmd.project_id,
            agreement_id=agreement.id,
            household_id=household.id,
            kind=cmd.kind,
            area_m2=cmd.area_m2,
            items=items,
            total=Money(total),
            signed_on=cmd.signed_on,
            payment_due_on=cmd.payment_due_on,
            move_out_deadline=cmd.move_out_deadline,
            entitled_area_m2=cmd.entitled_area_m2,
            promised_delivery_on=cmd.promised_delivery_on,
            members=household.members,
        )
    )
    return agreement


async def make_compensation_decision(uow: ProjectUnitOfWork, cmd: MakeCompensationDecision) -> CompensationDecisionRow:
    """补偿决定: for a household without an agreement by the decision's day, once per
    household (emits `compensation_decision_made`)."""
    _, household = await _household(uow, cmd.project_id, cmd.household_id)
    agreement = await uow.agreements.for_household(household.id)
    try:
        domain.compensation_decision_gate(
            household.id, cmd.decided_on, cmd.move_out_deadline, agreement.signed_on if agreement else None
        )
        total = domain.total(cmd.items)
    except domain.CompensationInvalid as exc:
        raise _invalid(exc) from exc
    except domain.HouseholdHasAgreement as exc:
        raise AgreementExists.error(str(exc), household_id=exc.household_id) from exc
    stored, items = _items(cmd.items)
    decision = CompensationDecisionRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        household_id=household.id,
        area_m2=cmd.area_m2,
        items=stored,
        total_fen=total,
        decided_on=cmd.decided_on,
        move_out_deadline=cmd.move_out_deadline,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    if not await uow.compensation_decisions.insert_unless_taken(decision):
        raise step_refused(
            AlreadyRecorded(Step.COMPENSATION_DECISION, "the household has a compensation decision already")
        )
    uow.emit(
        CompensationDecisionMade(
            project_id=cmd.project_id,
            decision_id=decision.id,
            household_id=household.id,
            area_m2=cmd.area_m2,
            items=items,
            total=Money(total),
            decided_on=cmd.decided_on,
            move_out_deadline=cmd.move_out_deadline,
        )
    )
    return decision


async def sign_land_agreement(uow: ProjectUnitOfWork, cmd: SignLandAgreement) -> LandAgreementRow:
    """土地征收补偿协议 (collective land), after the plan's approval (emits `land_agreement_signed`)."""
    project = await uow.projects.get(cmd.project_id)
    if project is None:
        raise not_found("project")
    try:
        domain.land_agreement_gate(
            LandType(project.land_type), cmd.signed_on, await uow.compensation_plans.first_approved_on(cmd.project_id)
        )
    except (StepMissing, LandTypeMismatch) as exc:
        raise step_refused(exc) from exc
    agreement = LandAgreementRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        collective_organization=cmd.collective_organization,
        area_mu=cmd.area_mu,
        amount_fen=cmd.amount_fen,
        signed_on=cmd.signed_on,
        created_by=uow.actor,
        created_at=utcnow(),
    )
    uow.land_agreements.add(agreement)
    uow.emit(
        LandAgreementSigned(
            project_id=cmd.project_id,
            land_agreement_id=agreement.id,
            collective_organization=cmd.collective_organization,
            area_mu=cmd.area_mu,
            amount=Money(cmd.amount_fen),
            signed_on=cmd.signed_on,
        )
    )
    return agreement
