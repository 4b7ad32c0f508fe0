"""Handlers of eligibilities: one per consumed event or command, each inside a unit of work."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.housing import EligibilityGranted, EligibilityReviewed
from expro_shared.events.project import AgreementSigned
from expro_shared.problems import not_found, validation_error
from expro_shared.vocabulary import LandType
from housing_svc.areas import format_area, parse_area
from housing_svc.eligibilities import domain
from housing_svc.eligibilities.commands import ReviewEligibility
from housing_svc.eligibilities.domain import EligibilityStatus
from housing_svc.eligibilities.tables import EligibilityRow
from housing_svc.errors import EligibilityNotPending
from housing_svc.projects.domain import UnknownProject

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork


def granted(e: EligibilityRow, *, reviewed: bool) -> EligibilityGranted:
    return EligibilityGranted(
        project_id=e.project_id,
        eligibility_id=e.id,
        agreement_id=e.agreement_id,
        household_id=e.household_id,
        entitled_area_m2=format_area(e.entitled_area_centi),
        members=e.members,
        signed_on=e.signed_on,
        reviewed=reviewed,
    )


async def on_agreement_signed(event: CloudEvent, data: AgreementSigned, uow: HousingUnitOfWork) -> None:
    """A property-exchange agreement gives its household an eligibility: `eligible` on
    state-owned land (emits `eligibility_granted`), `pending_review` on collective land.

    An agreement of a project housing has not seen raises, so the event is dead-lettered
    (and replayed once the registration arrives) instead of being lost; project-svc's one
    topic, keyed by project, delivers a project's registration before its agreements."""
    if not domain.grants_housing(data.kind):
        return
    project = await uow.projects.get(data.project_id)
    if project is None:
        raise UnknownProject(f"agreement signed for unknown project {data.project_id}")
    status = domain.initial_status(LandType(project.land_type))
    eligibility = EligibilityRow(
        id=str(uuid.uuid4()),
        project_id=data.project_id,
        agreement_id=data.agreement_id,
        household_id=data.household_id,
        land_type=project.land_type,
        status=status.value,
        entitled_area_centi=parse_area(data.entitled_area_m2 or data.area_m2),
        members=data.members,
        signed_on=data.signed_on,
        promised_delivery_on=data.promised_delivery_on,
        created_at=utcnow(),
    )
    if not await uow.eligibilities.record(eligibility):
        return  # the same agreement announced again: its eligibility exists
    if status is EligibilityStatus.ELIGIBLE:
        uow.emit(granted(eligibility, reviewed=False), causation=event)


async def review_eligibility(uow: HousingUnitOfWork, cmd: ReviewEligibility) -> EligibilityRow:
    """The district's review of a collective villager (emits `eligibility_reviewed`, and
    `eligibility_granted` on approval). Another district's eligibility is not found."""
    eligibility = await uow.eligibilities.get(cmd.eligibility_id, principal=cmd.principal, lock=True)
    project = None if eligibility is None else await uow.projects.get(eligibility.project_id)
    if eligibility is None or project is None or not domain.reviews(cmd.principal.org, project.district):
        raise not_found("eligibility")  # another district's villager looks absent
    try:
        status = domain.review(
            EligibilityStatus(eligibility.status), cmd.approve, eligibility.signed_on, cmd.reviewed_on
        )
    except domain.NotPending as exc:
        raise EligibilityNotPending.error(str(exc), current_status=eligibility.status) from exc
    except domain.ReviewBeforeSigning as exc:
        raise validation_error(str(exc), ["body", "reviewed_on"]) from exc
    eligibility.status = status.value
    eligibility.reviewed_by = uow.actor
    eligibility.reviewed_on = cmd.reviewed_on
    eligibility.review_reason = cmd.reason
    uow.eligibilities.add(eligibility)
    uow.emit(
        EligibilityReviewed(
            project_id=eligibility.project_id,
            eligibility_id=eligibility.id,
            household_id=eligibility.household_id,
            approve=cmd.approve,
            reason=cmd.reason,
            status=status.value,
            reviewed_on=cmd.reviewed_on,
        )
    )
    if status is EligibilityStatus.ELIGIBLE:
        uow.emit(granted(eligibility, reviewed=True))
    return eligibility
