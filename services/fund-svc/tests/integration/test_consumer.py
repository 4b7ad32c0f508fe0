"""fund-svc's consumer on the real database: one effect per event, whatever Kafka redelivers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from expro_shared.auth import Principal
from expro_shared.consumer import EventConsumer, RawMessage
from expro_shared.db import Database
from expro_shared.events import PROJECT_TOPIC
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.project import BudgetApproved, BudgetItem, ProjectRegistered, TaskOrderIssuanceRequested
from expro_shared.tables import DeadLetter, InboxRecord, OutboxRecord
from expro_shared.vocabulary import BudgetCategory, LandType, Money
from fund_svc.bootstrap import MIGRATIONS, wire
from fund_svc.config import FundSettings
from fund_svc.deposits.commands import RecordDeposit
from fund_svc.deposits.handlers import record_deposit
from fund_svc.funding.tables import FundingDecisionRow
from fund_svc.ledger import handlers as ledger
from fund_svc.ledger.tables import AccountRow
from fund_svc.uow import FundUnitOfWork
from tests.support import deliver, wired_consumers

pytestmark = pytest.mark.db
PID = "5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01"


def consumer_of(db: Database) -> EventConsumer[FundUnitOfWork]:
    consumer = wired_consumers(FundSettings(database_url=db.url), db, wire, FundUnitOfWork)["fund-svc.project-events"]
    return consumer


def registered() -> CloudEvent:
    data = ProjectRegistered(
        project_id=PID,
        code="ZS-1",
        name="n",
        land_type=LandType.COLLECTIVE,
        district="d",
        owner_unit="城投公司",
        planned_households=236,
        planned_area_m2="100.00",
    )
    return new_event(data, source="/project-svc", actor="lead")


def budget(required: int) -> CloudEvent:
    data = BudgetApproved(
        project_id=PID,
        owner_unit="城投公司",
        land_type=LandType.COLLECTIVE,
        required_deposit=Money(required),
        items=[BudgetItem(category=BudgetCategory.COMPENSATION, amount=Money(required))],
    )
    return new_event(data, source="/project-svc", actor="lead")


def issuance(required: int, saga: str, *, in_data: bool = True) -> CloudEvent:
    """An issuance request; an older one carries its saga only in the envelope."""
    data = TaskOrderIssuanceRequested(
        project_id=PID, task_order_id="t-1", required_deposit=Money(required), saga_id=saga if in_data else None
    )
    return new_event(data, source="/project-svc", actor="lead", correlationid=saga)


async def outbox_types(db: Database) -> list[str]:
    async with db.sessionmaker() as s:
        return [r.event_type for r in (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()]


async def test_a_redelivered_issuance_request_is_decided_once(migrated_db) -> None:
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    for event in (registered(), budget(100_00)):
        await deliver(consumer, event)
    request = issuance(100_00, "saga-1", in_data=False)
    for _ in range(3):  # Kafka redelivers after a crash before the offset commit
        await deliver(consumer, request)

    types = await outbox_types(db)
    assert types.count(FundingShortfall.TYPE) == 1
    async with db.sessionmaker() as s:
        assert len((await s.exec(select(FundingDecisionRow))).all()) == 1
        inbox = (await s.exec(select(InboxRecord).where(InboxRecord.event_id == request.id))).all()
        assert len(inbox) == 1
        answer = json.loads(
            (await s.exec(select(OutboxRecord).where(OutboxRecord.event_type == FundingShortfall.TYPE))).one().payload
        )
    assert answer["correlationid"] == "saga-1" and answer["causationid"] == request.id
    assert answer["data"]["shortfall"] == "100.00"
    assert answer["data"]["saga_id"] == "saga-1"


async def test_a_deposit_committed_before_the_request_counts(migrated_db) -> None:
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    for event in (registered(), budget(100_00)):
        await deliver(consumer, event)
    fin = Principal(sub="fin", roles=frozenset({"finance"}))
    async with FundUnitOfWork(db, source="/fund-svc", actor="fin") as uow:
        await record_deposit(uow, RecordDeposit(PID, 100_00, "BANK-1", "城投公司", datetime.now(UTC), principal=fin))
        await uow.commit()
    await deliver(consumer, issuance(100_00, "saga-2"))
    assert (await outbox_types(db))[-1] == FundingConfirmed.TYPE
    async with db.sessionmaker() as s:
        account = await s.get(AccountRow, PID)
    assert account is not None and account.committed_fen == 100_00


async def test_unknown_event_types_are_skipped(migrated_db) -> None:
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    event = registered().model_copy(update={"type": "expro.project.something_new.v1"})
    await deliver(consumer, event)
    async with db.sessionmaker() as s:
        assert (await s.exec(select(AccountRow))).all() == []
        assert (await s.exec(select(DeadLetter))).all() == []


async def test_a_malformed_event_of_a_type_it_has_no_handler_for_is_skipped_not_dead_lettered(migrated_db) -> None:
    """Other consumers' business: the type is read without building the envelope, and only the
    consumers that handle it (or the audit trail, which handles every type) judge the rest."""
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    await consumer.process(RawMessage(PROJECT_TOPIC, 1, 8, b'{"type":"expro.project.something_new.v1","id":1}'))
    await consumer.process(RawMessage(PROJECT_TOPIC, 1, 9, b'{"type":"expro.project.project_registered.v1","id":1}'))
    async with db.sessionmaker() as s:
        letters = (await s.exec(select(DeadLetter).order_by(DeadLetter.offset))).all()
    assert [letter.offset for letter in letters] == [9]  # its own type, malformed: dead-lettered


async def test_a_poison_message_goes_to_the_dead_letter_topic_and_can_be_replayed(migrated_db) -> None:
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    await consumer.process(RawMessage(PROJECT_TOPIC, 1, 7, b"{not json"))
    bad = registered()
    bad.data["planned_households"] = "many"
    await deliver(consumer, bad)
    async with db.sessionmaker() as s:
        letters = (await s.exec(select(DeadLetter).order_by(DeadLetter.offset))).all()
        dlq = (await s.exec(select(OutboxRecord).where(OutboxRecord.topic == "expro.fund.dlq"))).all()
    assert len(letters) == 2 and len(dlq) == 2
    assert letters[0].event_id is None and "not a CloudEvent" in letters[0].error
    assert letters[1].event_id == bad.id


async def test_a_handler_that_keeps_failing_is_dead_lettered_after_bounded_retries(migrated_db) -> None:
    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    calls = 0

    async def broken(event: CloudEvent, data: ProjectRegistered, uow: FundUnitOfWork) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("downstream broken")

    consumer.on(ProjectRegistered, broken)
    event = registered()
    await deliver(consumer, event)
    assert calls == consumer.max_attempts
    async with db.sessionmaker() as s:
        (letter,) = (await s.exec(select(DeadLetter))).all()
        assert (await s.exec(select(AccountRow))).all() == []
    assert "downstream broken" in letter.error

    consumer.on(ProjectRegistered, ledger.on_project_registered)
    await consumer.replay(letter)
    await consumer.replay(letter)
    async with db.sessionmaker() as s:
        assert len((await s.exec(select(AccountRow))).all()) == 1


async def test_an_agreement_for_an_unknown_account_is_dead_lettered_and_replays_once_the_account_opened(
    migrated_db,
) -> None:
    from datetime import date

    from expro_shared.events.project import AgreementSigned, CompensationItem
    from expro_shared.vocabulary import AgreementKind, CompensationItemKind
    from fund_svc.payables.tables import PayableRow
    from fund_svc.transition_fees.tables import TransitionRow

    db = await migrated_db(MIGRATIONS)
    consumer = consumer_of(db)
    data = AgreementSigned(
        project_id=PID,
        agreement_id="ag-1",
        household_id="hh-1",
        kind=AgreementKind.PROPERTY_EXCHANGE,
        area_m2="80.00",
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money(500_00))],
        total=Money(500_00),
        signed_on=date(2022, 3, 1),
        payment_due_on=date(2022, 3, 31),
        move_out_deadline=date(2022, 4, 30),
        entitled_area_m2="80.00",
        promised_delivery_on=date(2023, 3, 1),
        members=3,
    )
    event = new_event(data, source="/project-svc", actor="clerk")
    await deliver(consumer, event)
    async with db.sessionmaker() as s:
        (letter,) = (await s.exec(select(DeadLetter))).all()
        assert (await s.exec(select(PayableRow))).all() == []
    assert "no account" in letter.error

    await deliver(consumer, registered())
    await consumer.replay(letter)
    await deliver(consumer, event)  # redelivered: no second payable
    async with db.sessionmaker() as s:
        (payable,) = (await s.exec(select(PayableRow))).all()
        (transition,) = (await s.exec(select(TransitionRow))).all()
    assert (payable.amount_fen, payable.due_on, payable.agreement_id) == (500_00, date(2022, 3, 31), "ag-1")
    assert (transition.kind, transition.area_m2, transition.promised_delivery_on) == (
        "property_exchange",
        "80.00",
        date(2023, 3, 1),
    )
    assert (await outbox_types(db)).count("expro.fund.payable_created.v1") == 1
