"""Money is never lost or doubled when requests race (real database; on PostgreSQL they
really run in parallel, SQLite serialises them): the last money of a category is held
once, a disbursement is paid once, and a refund never takes money a request holds."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from expro_shared.requests import center_today
from fund_svc.bootstrap import create_app

pytestmark = pytest.mark.db


async def _setup(service_client, open_budget, deposit, deposited: str):
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"working_funds": "500.00", "compensation": "500.00"})
    await deposit(client, pid, deposited)
    return client, pid


def _body(amount: str, category: str = "working_funds") -> dict[str, str]:
    return {"category": category, "amount": amount, "payee": "p", "purpose": "x"}


@pytest.mark.parametrize("round_", range(3))
async def test_ten_requests_for_the_last_money_of_a_category_hold_it_once(
    service_client, auth, open_budget, deposit, round_
) -> None:
    client, pid = await _setup(service_client, open_budget, deposit, "1000.00")
    answers = await asyncio.gather(
        *(
            client.post(
                f"/v1/projects/{pid}/disbursements",
                json=_body("500.00"),
                headers=auth(f"clerk-{i}", "center_staff") | {"Idempotency-Key": f"k{i}"},
            )
            for i in range(10)
        )
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 9, [a.text for a in answers]
    assert {a.json()["type"] for a in answers if a.status_code == 409} == {"/problems/category-budget-exceeded"}
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    assert acct["held"] == "500.00"
    wf = next(c for c in acct["categories"] if c["category"] == "working_funds")
    assert (wf["held"], wf["remaining"]) == ("500.00", "0.00")


@pytest.mark.parametrize("round_", range(3))
async def test_ten_requests_for_the_last_money_of_the_account_hold_it_once(
    service_client, auth, open_budget, deposit, round_
) -> None:
    client, pid = await _setup(service_client, open_budget, deposit, "300.00")
    answers = await asyncio.gather(
        *(
            client.post(
                f"/v1/projects/{pid}/disbursements",
                json=_body("300.00", "working_funds" if i % 2 else "compensation"),
                headers=auth(f"clerk-{i}", "center_staff") | {"Idempotency-Key": f"k{i}"},
            )
            for i in range(10)
        )
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * 9, [a.text for a in answers]
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    assert (acct["held"], acct["available"]) == ("300.00", "0.00")


@pytest.mark.parametrize("round_", range(3))
async def test_ten_cashiers_at_once_pay_a_disbursement_exactly_once(
    service_client, auth, open_budget, deposit, round_
) -> None:
    client, pid = await _setup(service_client, open_budget, deposit, "1000.00")
    d = (
        await client.post(
            f"/v1/projects/{pid}/disbursements",
            json=_body("400.00"),
            headers=auth("clerk", "center_staff") | {"Idempotency-Key": "k"},
        )
    ).json()
    r = await client.post(f"/v1/disbursements/{d['id']}/review", json={"approve": True}, headers=auth("rev", "finance"))
    assert r.json()["status"] == "approved"
    pay = {"paid_on": center_today().isoformat(), "bank_reference": "B-1"}
    answers = await asyncio.gather(
        *(
            client.post(f"/v1/disbursements/{d['id']}/pay", json=pay, headers=auth(f"cashier-{i}", "finance"))
            for i in range(10)
        )
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * 9, [a.text for a in answers]
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    assert (acct["held"], acct["paid"], acct["available"]) == ("0.00", "400.00", "600.00")


@pytest.mark.parametrize("round_", range(3))
async def test_a_refund_and_a_disbursement_racing_for_the_last_money_leave_it_once(
    service_client, auth, open_budget, deposit, round_
) -> None:
    client, pid = await _setup(service_client, open_budget, deposit, "500.00")
    refund = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "300.00", "reason": "多缴"},
        headers=auth("fin-a", "finance") | {"Idempotency-Key": "r"},
    )
    assert refund.status_code == 201
    approve, hold = await asyncio.gather(
        client.post(f"/v1/refunds/{refund.json()['id']}/approve", headers=auth("fin-b", "finance")),
        client.post(
            f"/v1/projects/{pid}/disbursements",
            json=_body("300.00"),
            headers=auth("clerk", "center_staff") | {"Idempotency-Key": "k"},
        ),
    )
    assert sorted([approve.status_code, hold.status_code]) in ([200, 409], [201, 409]), (approve.text, hold.text)
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    if approve.status_code == 200:
        assert (acct["deposited"], acct["held"]) == ("200.00", "0.00")
    else:
        assert (acct["deposited"], acct["held"], acct["available"]) == ("500.00", "300.00", "200.00")


@pytest.mark.parametrize("round_", range(3))
async def test_a_payment_and_a_refund_at_once_never_compete_for_held_money(
    service_client, auth, open_budget, deposit, round_
) -> None:
    """The hold reserved the payment's money when it was requested: a refund racing the
    payment may take only the rest, so both stand and nothing is taken twice."""
    client, pid = await _setup(service_client, open_budget, deposit, "500.00")
    d = (
        await client.post(
            f"/v1/projects/{pid}/disbursements",
            json=_body("300.00"),
            headers=auth("clerk", "center_staff") | {"Idempotency-Key": "k"},
        )
    ).json()
    await client.post(f"/v1/disbursements/{d['id']}/review", json={"approve": True}, headers=auth("rev", "finance"))
    too_much = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "200.01", "reason": "多缴"},
        headers=auth("fin-a", "finance") | {"Idempotency-Key": "r0"},
    )
    assert too_much.status_code == 409
    refund = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "200.00", "reason": "多缴"},
        headers=auth("fin-a", "finance") | {"Idempotency-Key": "r"},
    )
    pay, approve = await asyncio.gather(
        client.post(
            f"/v1/disbursements/{d['id']}/pay",
            json={"paid_on": center_today().isoformat(), "bank_reference": "B"},
            headers=auth("cashier", "finance"),
        ),
        client.post(f"/v1/refunds/{refund.json()['id']}/approve", headers=auth("fin-b", "finance")),
    )
    assert (pay.status_code, approve.status_code) == (200, 200), (pay.text, approve.text)
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    assert (acct["deposited"], acct["paid"], acct["held"], acct["available"]) == ("300.00", "300.00", "0.00", "0.00")
