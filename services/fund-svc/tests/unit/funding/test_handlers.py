"""fund-svc's step of the issuance saga (DESIGN §5), on a unit of work kept in memory:
the decision, the answer it emits, and what it leaves on the account."""

from __future__ import annotations

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.project import TaskOrderIssuanceRequested
from expro_shared.vocabulary import Money
from fund_svc.funding.handlers import on_issuance_requested
from fund_svc.ledger.tables import AccountRow
from tests.fakes import FakeFundUoW

PID = "2b9d6f3e-4c1a-4e8b-9f0d-1a2b3c4d5e6f"


def account(*, required: int = 100_00, deposited: int = 0, committed: int = 0) -> AccountRow:
    now = utcnow()
    return AccountRow(
        project_id=PID,
        owner_unit="城投公司",
        land_type="state_owned",
        required_fen=required,
        deposited_fen=deposited,
        committed_fen=committed,
        created_at=now,
        updated_at=now,
    )


def issuance(
    required: int, *, saga_id: str | None = "saga-1", correlationid: str | None = None
) -> tuple[CloudEvent, TaskOrderIssuanceRequested]:
    data = TaskOrderIssuanceRequested(
        project_id=PID, task_order_id="t-1", required_deposit=Money(required), saga_id=saga_id
    )
    event = new_event(data, source="/project-svc", actor="lead", correlationid=correlationid or saga_id)
    return event, data


async def test_given_enough_deposits_when_issuance_is_requested_then_funding_is_confirmed_and_committed() -> None:
    acct = account(required=100_00, deposited=150_00)
    uow = FakeFundUoW(acct, actor="lead")
    event, data = issuance(100_00)

    await on_issuance_requested(event, data, uow)

    (answer,) = uow.emitted
    assert answer.type == FundingConfirmed.TYPE
    assert answer.data == {
        "project_id": PID,
        "task_order_id": "t-1",
        "required": "100.00",
        "deposited": "150.00",
        "saga_id": "saga-1",
    }
    assert (answer.correlationid, answer.causationid, answer.actor) == ("saga-1", event.id, "lead")
    assert (acct.deposited_fen, acct.committed_fen) == (150_00, 100_00)
    assert acct.ledger().available == 50_00
    assert uow.accounts.locked == [PID]
    decision = uow.funding_decisions.rows["saga-1"]
    assert decision.confirmed and (decision.required_fen, decision.deposited_fen) == (100_00, 150_00)


async def test_given_a_shortfall_when_issuance_is_requested_then_funding_shortfall_with_the_exact_shortfall() -> None:
    acct = account(required=100_00, deposited=30_01)
    uow = FakeFundUoW(acct)
    event, data = issuance(100_00)

    await on_issuance_requested(event, data, uow)

    (answer,) = uow.emitted
    assert answer.type == FundingShortfall.TYPE
    assert (answer.data["required"], answer.data["deposited"], answer.data["shortfall"]) == ("100.00", "30.01", "69.99")
    assert answer.data["saga_id"] == answer.correlationid == "saga-1"
    assert answer.causationid == event.id
    assert (acct.deposited_fen, acct.committed_fen) == (30_01, 0), "a shortfall commits nothing"
    assert not uow.funding_decisions.rows["saga-1"].confirmed


async def test_given_no_account_yet_when_issuance_is_requested_then_the_whole_requirement_falls_short() -> None:
    uow = FakeFundUoW()
    event, data = issuance(100_00)

    await on_issuance_requested(event, data, uow)

    (answer,) = uow.emitted
    assert answer.type == FundingShortfall.TYPE
    assert (answer.data["deposited"], answer.data["shortfall"]) == ("0.00", "100.00")


async def test_a_second_request_of_the_same_saga_decides_nothing_again() -> None:
    acct = account(required=100_00, deposited=30_00)
    uow = FakeFundUoW(acct)
    first, data = issuance(100_00)
    await on_issuance_requested(first, data, uow)
    acct.deposited_fen = 100_00  # deposits arrive before the saga's request comes again

    again, data = issuance(100_00)  # another envelope (new event id), the same saga
    await on_issuance_requested(again, data, uow)

    assert [e.type for e in uow.emitted] == [FundingShortfall.TYPE]
    assert acct.committed_fen == 0
    assert list(uow.funding_decisions.rows) == ["saga-1"]


async def test_a_new_saga_of_the_same_task_order_is_decided_afresh() -> None:
    acct = account(required=100_00, deposited=30_00)
    uow = FakeFundUoW(acct)
    await on_issuance_requested(*issuance(100_00, saga_id="saga-1"), uow)
    acct.deposited_fen = 100_00

    await on_issuance_requested(*issuance(100_00, saga_id="saga-2"), uow)

    assert [(e.type, e.data["saga_id"]) for e in uow.emitted] == [
        (FundingShortfall.TYPE, "saga-1"),
        (FundingConfirmed.TYPE, "saga-2"),
    ]
    assert acct.committed_fen == 100_00


async def test_the_saga_id_is_the_events_own_before_the_envelopes_correlation() -> None:
    uow = FakeFundUoW(account(deposited=100_00))
    event, data = issuance(100_00, saga_id="saga-data", correlationid="saga-envelope")

    await on_issuance_requested(event, data, uow)

    (answer,) = uow.emitted
    assert answer.data["saga_id"] == answer.correlationid == "saga-data"
    assert list(uow.funding_decisions.rows) == ["saga-data"]


async def test_an_older_request_without_a_saga_id_uses_the_correlation_then_the_event_id() -> None:
    uow = FakeFundUoW(account(deposited=100_00))
    correlated, data = issuance(100_00, saga_id=None, correlationid="saga-envelope")
    await on_issuance_requested(correlated, data, uow)
    bare, data = issuance(100_00, saga_id=None)
    assert bare.correlationid is None
    await on_issuance_requested(bare, data, uow)

    assert [e.data["saga_id"] for e in uow.emitted] == ["saga-envelope", bare.id]
    assert [e.correlationid for e in uow.emitted] == ["saga-envelope", bare.id]
