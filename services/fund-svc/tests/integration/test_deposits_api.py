"""Deposits, the account and refunds over HTTP on the real database."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from expro_shared.events.contracts import BudgetApproved, BudgetCategory, BudgetItem, LandType
from expro_shared.events.envelope import new_event
from expro_shared.money import Money
from expro_shared.tables import OutboxRecord
from fund_svc.adapters.tables import DepositRow
from fund_svc.bootstrap import create_app
from tests.support import deliver

pytestmark = pytest.mark.db
PID = "7d3e1c2a-0b9f-4a6e-8c1d-2e3f4a5b6c7d"
BODY = {"amount": "40.00", "bank_reference": "ICBC-1", "payer": "城投公司", "received_at": "2022-03-15T10:30:00+08:00"}


async def open_account(app, required: str = "100.00") -> None:
    """Feed the consumer the project's budget, as Kafka would."""
    (consumer,) = app.state.runtime.consumers.values()
    data = BudgetApproved(
        project_id=PID,
        owner_unit="城投公司",
        land_type=LandType.STATE_OWNED,
        required_deposit=Money.parse(required),
        items=[BudgetItem(category=BudgetCategory.COMPENSATION, amount=Money.parse(required))],
    )
    event = new_event(data, source="/project-svc", actor="lead")
    await deliver(consumer, event)


async def deposits(app) -> tuple[int, int]:
    async with app.state.runtime.db.sessionmaker() as s:
        count = (await s.exec(select(func.count()).select_from(DepositRow))).one()
        events = (await s.exec(select(func.count()).select_from(OutboxRecord))).one()
    return count, events


async def test_the_same_idempotency_key_replays_without_a_second_deposit(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app)
    fin = auth("fin", "finance") | {"Idempotency-Key": "k-1"}
    first = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
    assert first.status_code == 201 and first.json()["deposited_total"] == "40.00"
    before = await deposits(app)
    again = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await deposits(app) == before

    reused = await client.post(f"/v1/projects/{PID}/deposits", json={**BODY, "amount": "41.00"}, headers=fin)
    assert reused.status_code == 422 and reused.json()["type"] == "/problems/idempotency-key-reused"
    account = (await client.get(f"/v1/projects/{PID}/account", headers=fin)).json()
    assert account["deposited"] == "40.00" and account["shortfall"] == "60.00" and not account["fully_funded"]


async def test_bad_deposits_get_a_problem_and_change_nothing(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    cases = [
        ({**BODY, "amount": "0.00"}, {"Idempotency-Key": "a"}, 422),
        ({**BODY, "amount": "-5"}, {"Idempotency-Key": "b"}, 422),
        ({**BODY, "amount": "1.005"}, {"Idempotency-Key": "c"}, 422),
        ({**BODY, "amount": 40}, {"Idempotency-Key": "d"}, 422),
        ({**BODY, "received_at": "2022-03-15T10:30:00"}, {"Idempotency-Key": "e"}, 422),
        ({**BODY, "extra": 1}, {"Idempotency-Key": "f"}, 422),
        (BODY, {}, 422),  # Idempotency-Key is required on deposits
    ]
    for body, headers, status in cases:
        r = await client.post(url, json=body, headers=fin | headers)
        assert r.status_code == status, (body, headers, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    r = await client.post(
        url, content=b"{broken", headers=fin | {"Idempotency-Key": "g", "content-type": "application/json"}
    )
    assert r.status_code == 422
    assert await deposits(app) == (0, 1)  # only the account_opened event


async def test_a_bank_reference_is_recorded_once_per_project(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    assert (await client.post(url, json=BODY, headers=fin | {"Idempotency-Key": "1"})).status_code == 201
    r = await client.post(url, json=BODY, headers=fin | {"Idempotency-Key": "2"})
    assert r.status_code == 409 and r.json()["type"] == "/problems/conflict"


async def test_owner_units_pay_only_into_their_own_projects(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app)
    url = f"/v1/projects/{PID}/deposits"
    other = auth("x", "owner_unit", org="其他公司") | {"Idempotency-Key": "1"}
    assert (await client.post(url, json=BODY, headers=other)).status_code == 404
    assert (await client.get(f"/v1/projects/{PID}/account", headers=other)).status_code == 404
    own = auth("y", "owner_unit", org="城投公司") | {"Idempotency-Key": "1"}
    assert (await client.post(url, json=BODY, headers=own)).status_code == 201
    auditor = auth("a", "auditor") | {"Idempotency-Key": "2"}
    assert (await client.post(url, json=BODY, headers=auditor)).status_code == 403
    assert (await client.post(url, json=BODY)).status_code == 401


async def test_refunds_need_a_second_person_and_never_undercut_issued_funding(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, "100.00")
    maker, checker = auth("maker", "finance"), auth("checker", "finance")
    await client.post(
        f"/v1/projects/{PID}/deposits", json={**BODY, "amount": "150.00"}, headers=maker | {"Idempotency-Key": "d"}
    )
    # fund-svc confirms funding for a task order: 100.00 becomes committed.
    from expro_shared.events.contracts import TaskOrderIssuanceRequested

    (consumer,) = app.state.runtime.consumers.values()
    request = new_event(
        TaskOrderIssuanceRequested(project_id=PID, task_order_id="t", required_deposit=Money(100_00)),
        source="/project-svc",
        actor="lead",
        correlationid="s-1",
    )
    await deliver(consumer, request)
    account = (await client.get(f"/v1/projects/{PID}/account", headers=maker)).json()
    assert (account["committed"], account["available"]) == ("100.00", "50.00")

    too_much = await client.post(
        f"/v1/projects/{PID}/refunds",
        json={"amount": "50.01", "reason": "多缴"},
        headers=maker | {"Idempotency-Key": "r0"},
    )
    assert too_much.status_code == 409 and too_much.json()["available"] == "50.00"
    refund = (
        await client.post(
            f"/v1/projects/{PID}/refunds",
            json={"amount": "50.00", "reason": "多缴"},
            headers=maker | {"Idempotency-Key": "r1"},
        )
    ).json()
    assert refund["status"] == "requested"
    own = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=maker)
    assert own.status_code == 403
    done = await client.post(f"/v1/refunds/{refund['id']}/approve", headers=checker)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert (await client.post(f"/v1/refunds/{refund['id']}/approve", headers=checker)).status_code == 409
    account = (await client.get(f"/v1/projects/{PID}/account", headers=maker)).json()
    assert (account["deposited"], account["committed"], account["available"]) == ("100.00", "100.00", "0.00")


async def test_concurrent_deposits_are_neither_lost_nor_doubled(service_client, auth) -> None:
    import asyncio

    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, "1000.00")
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    results = await asyncio.gather(
        *(
            client.post(
                url,
                json={**BODY, "amount": "0.01", "bank_reference": f"C-{i}"},
                headers=fin | {"Idempotency-Key": f"c-{i}"},
            )
            for i in range(30)
        ),
        # the same key sent five times at once: one deposit, five identical answers
        *(
            client.post(url, json={**BODY, "bank_reference": "SAME"}, headers=fin | {"Idempotency-Key": "same"})
            for _ in range(5)
        ),
    )
    assert all(r.status_code == 201 for r in results), [r.text for r in results if r.status_code != 201]
    assert len({r.json()["id"] for r in results[30:]}) == 1
    account = (await client.get(f"/v1/projects/{PID}/account", headers=fin)).json()
    assert account["deposited"] == "40.30"
    assert (await deposits(app))[0] == 31


async def test_a_district_user_cannot_read_accounts(service_client, auth) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app)
    r = await client.get(f"/v1/projects/{PID}/account", headers=auth("d", "district", org="城南区"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden"
