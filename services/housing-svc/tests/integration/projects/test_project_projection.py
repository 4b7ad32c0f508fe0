"""housing-svc keeps a projection of project-svc's projects, idempotently, on the real database."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from expro_shared.db import Database
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.project import BudgetApproved, BudgetItem, ProjectRegistered, TaskOrderCreated
from expro_shared.tables import DeadLetter, InboxRecord
from expro_shared.vocabulary import BudgetCategory, LandType, Money
from housing_svc.projects.tables import ProjectRow

pytestmark = pytest.mark.db
Deliver = Callable[..., Awaitable[None]]


def registered(project_id: str, owner_unit: str = "城投公司") -> CloudEvent:
    data = ProjectRegistered(
        project_id=project_id,
        code=f"ZS-{project_id[:8]}",
        name="城南片区旧城改造项目",
        land_type=LandType.COLLECTIVE,
        district="城南区",
        owner_unit=owner_unit,
        planned_households=236,
        planned_area_m2="61980.00",
    )
    return new_event(data, source="/project-svc", actor="staff-01")


def budget_approved(project_id: str, **amounts: str) -> CloudEvent:
    items = [BudgetItem(category=BudgetCategory(c), amount=Money.parse(a)) for c, a in amounts.items()]
    data = BudgetApproved(
        project_id=project_id,
        owner_unit="城投公司",
        land_type=LandType.COLLECTIVE,
        required_deposit=Money(sum(i.amount.fen for i in items)),
        items=items,
    )
    return new_event(data, source="/project-svc", actor="leader-01")


async def projected(db: Database) -> list[ProjectRow]:
    async with db.sessionmaker() as session:
        return list((await session.exec(select(ProjectRow))).all())


async def count(db: Database, table: type) -> int:
    async with db.sessionmaker() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


async def test_a_registered_project_is_projected(db: Database, deliver: Deliver) -> None:
    project_id = str(uuid.uuid4())
    event = registered(project_id)
    await deliver(event)

    [project] = await projected(db)
    assert (
        project.id,
        project.code,
        project.name,
        project.land_type,
        project.district,
        project.owner_unit,
    ) == (project_id, f"ZS-{project_id[:8]}", "城南片区旧城改造项目", "collective", "城南区", "城投公司")
    assert project.registered_at == event.time
    assert project.required_deposit_fen is None and project.resettlement_housing_fen is None


async def test_a_redelivered_registration_makes_no_duplicate(db: Database, deliver: Deliver) -> None:
    event = registered(str(uuid.uuid4()))
    await deliver(event)
    [before] = await projected(db)

    await deliver(event)  # redelivered: Kafka offset not committed before a restart

    [after] = await projected(db)
    assert after.updated_at == before.updated_at  # not even touched
    assert await count(db, InboxRecord) == 1


async def test_an_approved_budget_gives_the_required_deposit_and_the_housing_budget(
    db: Database, deliver: Deliver
) -> None:
    project_id = str(uuid.uuid4())
    await deliver(registered(project_id))
    await deliver(
        budget_approved(project_id, compensation="42065358.00", resettlement_housing="12000000.50", demolition="100.00")
    )

    [project] = await projected(db)
    assert project.required_deposit_fen == 5_406_545_850
    assert project.resettlement_housing_fen == 1_200_000_050
    assert project.budget_approved_at is not None


async def test_a_budget_without_resettlement_housing_leaves_the_housing_budget_empty(
    db: Database, deliver: Deliver
) -> None:
    project_id = str(uuid.uuid4())
    await deliver(registered(project_id))
    await deliver(budget_approved(project_id, compensation="1000.00"))

    [project] = await projected(db)
    assert (project.required_deposit_fen, project.resettlement_housing_fen) == (100_000, None)


async def test_a_re_approved_budget_replaces_the_projected_one(db: Database, deliver: Deliver) -> None:
    project_id = str(uuid.uuid4())
    await deliver(registered(project_id))
    await deliver(budget_approved(project_id, compensation="1000.00", resettlement_housing="500.00"))
    await deliver(budget_approved(project_id, compensation="2000.00"))

    [project] = await projected(db)
    assert (project.required_deposit_fen, project.resettlement_housing_fen) == (200_000, None)


async def test_a_replayed_older_approval_does_not_undo_a_newer_one(db: Database, deliver: Deliver) -> None:
    project_id = str(uuid.uuid4())
    await deliver(registered(project_id))
    newer = budget_approved(project_id, compensation="2000.00", resettlement_housing="700.00")
    older = budget_approved(project_id, compensation="1000.00")
    older = older.model_copy(update={"time": newer.time - timedelta(minutes=5)})

    await deliver(newer)
    await deliver(older)  # e.g. an operator replays an old dead letter

    [project] = await projected(db)
    assert (project.required_deposit_fen, project.resettlement_housing_fen) == (270_000, 70_000)


async def test_a_budget_for_a_project_never_registered_is_dead_lettered_not_lost(
    db: Database, deliver: Deliver
) -> None:
    event = budget_approved(str(uuid.uuid4()), compensation="1000.00")
    await deliver(event)

    assert await projected(db) == []
    async with db.sessionmaker() as session:
        [letter] = (await session.exec(select(DeadLetter))).all()
    assert letter.event_id == event.id
    assert letter.consumer == "housing-svc.projects"
    assert "UnknownProject" in letter.error


async def test_other_project_events_are_skipped_without_effect(db: Database, deliver: Deliver) -> None:
    project_id = str(uuid.uuid4())
    await deliver(registered(project_id))
    drafted = TaskOrderCreated(
        project_id=project_id, task_order_id=str(uuid.uuid4()), title="任务", due_date=date(2023, 6, 30)
    )
    await deliver(new_event(drafted, source="/project-svc", actor="staff-01"))

    assert len(await projected(db)) == 1
    assert await count(db, InboxRecord) == 1
    assert await count(db, DeadLetter) == 0
