"""Eligibilities come from project-svc's property-exchange `agreement_signed`, consumed
through the projects consumer and its unit of work on the real database."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from sqlmodel import select

from expro_shared.db import Database
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.project import ProjectRegistered
from expro_shared.tables import DeadLetter, OutboxRecord
from expro_shared.vocabulary import AgreementKind, LandType
from housing_svc.eligibilities.tables import EligibilityRow
from tests.support import project_registered

pytestmark = pytest.mark.db
Deliver = Callable[[CloudEvent], Awaitable[None]]


def collective(project_id: str) -> CloudEvent:
    data = ProjectRegistered(
        project_id=project_id,
        code="ZS-JT-1",
        name="城郊村集体土地征收",
        land_type=LandType.COLLECTIVE,
        district="城南区",
        owner_unit="城投公司",
        planned_households=30,
        planned_area_m2="5000.00",
    )
    return new_event(data, source="/project-svc", actor="staff-01")


async def rows(db: Database, model: type) -> list:  # type: ignore[type-arg]
    async with db.sessionmaker() as session:
        return list((await session.exec(select(model))).all())


async def test_a_state_owned_property_exchange_is_eligible_at_once(db, deliver, agreement) -> None:
    reg = project_registered()
    signed = agreement(reg.subject, entitled_area_m2="92.5", signed_on=date(2023, 3, 1))
    await deliver(reg)
    await deliver(signed)

    [e] = await rows(db, EligibilityRow)
    assert (e.project_id, e.agreement_id, e.status, e.entitled_area_centi, e.signed_on) == (
        reg.subject,
        signed.data["agreement_id"],
        "eligible",
        9250,
        date(2023, 3, 1),
    )
    assert e.promised_delivery_on == date(2024, 6, 30)
    [out] = await rows(db, OutboxRecord)
    assert out.event_type == "expro.housing.eligibility_granted.v1" and out.key == reg.subject
    assert signed.id in out.payload  # caused by the agreement


async def test_a_collective_villager_waits_for_the_district(db, deliver, agreement) -> None:
    pid = str(uuid.uuid4())
    await deliver(collective(pid))
    await deliver(agreement(pid))

    [e] = await rows(db, EligibilityRow)
    assert e.status == "pending_review" and e.land_type == "collective"
    assert await rows(db, OutboxRecord) == []


async def test_monetary_compensation_gives_no_eligibility(db, deliver, agreement) -> None:
    reg = project_registered()
    await deliver(reg)
    await deliver(agreement(reg.subject, kind=AgreementKind.MONETARY))
    assert await rows(db, EligibilityRow) == []


async def test_a_redelivered_or_reannounced_agreement_makes_one_eligibility(db, deliver, agreement) -> None:
    reg = project_registered()
    signed = agreement(reg.subject)
    await deliver(reg)
    await deliver(signed)
    await deliver(signed)  # Kafka redelivery: the inbox
    await deliver(signed.model_copy(update={"id": str(uuid.uuid4())}))  # a new event, the same agreement
    assert len(await rows(db, EligibilityRow)) == 1
    assert len(await rows(db, OutboxRecord)) == 1


async def test_an_agreement_of_an_unseen_project_is_dead_lettered_not_lost(db, deliver, agreement) -> None:
    signed = agreement(str(uuid.uuid4()))
    await deliver(signed)
    assert await rows(db, EligibilityRow) == []
    [letter] = await rows(db, DeadLetter)
    assert letter.event_id == signed.id and "UnknownProject" in letter.error
