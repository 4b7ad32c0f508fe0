"""The issuance saga (DESIGN §5) as a script, on the real handlers of both participants with
in-memory units of work: project-svc asks, fund-svc decides on its own ledger, project-svc
applies the answer. Each step hands the event the previous step emitted to the next
handler, as the broker would."""

from __future__ import annotations

import pytest

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.project import TaskOrderBlocked, TaskOrderIssuanceRequested, TaskOrderIssued
from expro_shared.problems import ProblemError
from fund_svc.funding.handlers import on_issuance_requested
from fund_svc.ledger.tables import AccountRow
from project_svc.projects.tables import ProjectRow
from project_svc.task_orders import handlers as task_orders
from project_svc.task_orders.commands import RequestIssuance
from project_svc.task_orders.tables import TaskOrderRow
from tests.fakes import FakeFundUoW, FakeProjectUoW

PID = "7d1e2f3a-0b4c-4d5e-8f6a-9b0c1d2e3f4a"
TID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
REQUIRED = 1000_00


def project_side(status: str = "draft") -> FakeProjectUoW:
    now = utcnow()
    uow = FakeProjectUoW()
    uow.projects.add(
        ProjectRow(
            id=PID,
            code="ZS-2022-001",
            name="城南片区",
            land_type="state_owned",
            district="城南区",
            owner_unit="城投公司",
            planned_households=61,
            planned_area_m2="13716.00",
            status="budgeted",
            required_deposit_fen=REQUIRED,
            created_by="leader-1",
            created_at=now,
            updated_at=now,
        )
    )
    uow.task_orders.add(
        TaskOrderRow(
            id=TID,
            project_id=PID,
            title="房屋征收任务交办书",
            scope="61户",
            due_date=now.date(),
            status=status,
            created_by="leader-1",
            created_at=now,
            updated_at=now,
        )
    )
    return uow


def fund_side(deposited: int) -> FakeFundUoW:
    now = utcnow()
    return FakeFundUoW(
        AccountRow(
            project_id=PID,
            owner_unit="城投公司",
            land_type="state_owned",
            required_fen=REQUIRED,
            deposited_fen=deposited,
            created_at=now,
            updated_at=now,
        ),
        actor="leader-1",
    )


def only(uow: FakeProjectUoW | FakeFundUoW, type_: str) -> CloudEvent:
    (event,) = [e for e in uow.emitted if e.type == type_]
    return event


async def request(project: FakeProjectUoW) -> CloudEvent:
    await task_orders.request_issuance(project, RequestIssuance(TID))
    return only(project, TaskOrderIssuanceRequested.TYPE)


async def decide(fund: FakeFundUoW, requested: CloudEvent) -> CloudEvent:
    await on_issuance_requested(requested, TaskOrderIssuanceRequested.model_validate(requested.data), fund)
    (answer,) = fund.emitted
    return answer


async def answer(project: FakeProjectUoW, reply: CloudEvent) -> None:
    project.emitted.clear()
    if reply.type == FundingConfirmed.TYPE:
        await task_orders.on_funding_confirmed(reply, FundingConfirmed.model_validate(reply.data), project)
    else:
        await task_orders.on_funding_shortfall(reply, FundingShortfall.model_validate(reply.data), project)


async def test_issuing_asks_fund_svc_and_holds_the_order_pending() -> None:
    project = project_side()
    requested = await request(project)
    order = project.task_orders.rows[TID]
    assert order.status == "pending_funds" and order.required_fen == REQUIRED
    assert requested.data["required_deposit"] == "1000.00"
    assert requested.data["saga_id"] == order.saga_id == requested.correlationid
    assert requested.subject == PID and requested.actor == "leader-1"


async def test_funded_deposits_confirm_funding_and_the_order_is_issued() -> None:
    project, fund = project_side(), fund_side(deposited=REQUIRED)
    requested = await request(project)

    reply = await decide(fund, requested)
    assert reply.type == FundingConfirmed.TYPE and reply.data["saga_id"] == requested.data["saga_id"]
    assert reply.causationid == requested.id and reply.correlationid == requested.correlationid
    assert fund.accounts.rows[PID].committed_fen == REQUIRED, "confirmed funding is committed"

    await answer(project, reply)
    order = project.task_orders.rows[TID]
    assert order.status == "issued" and order.issued_at is not None and order.deposited_fen == REQUIRED
    issued = only(project, TaskOrderIssued.TYPE)
    assert issued.causationid == reply.id and issued.data["saga_id"] == order.saga_id


async def test_issue_is_blocked_while_deposits_fall_short() -> None:
    project, fund = project_side(), fund_side(deposited=400_00)
    reply = await decide(fund, await request(project))
    assert reply.type == FundingShortfall.TYPE
    assert (reply.data["required"], reply.data["deposited"], reply.data["shortfall"]) == ("1000.00", "400.00", "600.00")
    assert fund.accounts.rows[PID].committed_fen == 0, "a shortfall commits nothing"

    await answer(project, reply)
    order = project.task_orders.rows[TID]
    assert order.status == "blocked" and order.shortfall_fen == 600_00
    assert only(project, TaskOrderBlocked.TYPE).data["shortfall"] == "600.00"


async def test_a_blocked_order_is_issued_after_more_deposits_under_a_new_saga() -> None:
    project, fund = project_side(), fund_side(deposited=400_00)
    first = await request(project)
    await answer(project, await decide(fund, first))

    fund.accounts.rows[PID].deposited_fen = REQUIRED
    fund.emitted.clear()
    second = await request(project)
    assert second.data["saga_id"] != first.data["saga_id"]
    await answer(project, await decide(fund, second))
    assert project.task_orders.rows[TID].status == "issued"


async def test_an_answer_from_an_earlier_round_changes_nothing() -> None:
    project, fund = project_side(), fund_side(deposited=400_00)
    stale = await decide(fund, await request(project))  # round 1's shortfall, delivered late
    project.task_orders.rows[TID].status = "pending_funds"
    project.task_orders.rows[TID].saga_id = "round-2"

    await answer(project, stale)
    assert project.task_orders.rows[TID].status == "pending_funds" and project.emitted == []


@pytest.mark.parametrize("status", ["pending_funds", "issued"])
async def test_an_order_pending_or_issued_cannot_be_requested_again(status: str) -> None:
    project = project_side(status)
    with pytest.raises(ProblemError) as refused:
        await task_orders.request_issuance(project, RequestIssuance(TID))
    assert refused.value.slug == "task-order-not-issuable"
    assert refused.value.extensions["current_status"] == status
    assert project.emitted == []
