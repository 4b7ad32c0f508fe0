"""Transition fees over HTTP on the real database: the policy, the transition periods from
project-svc's and housing-svc's events (delivered through the consumers), and the monthly
run — one request per household-month, never two, however often or concurrently it runs."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest

from expro_shared.events.envelope import new_event
from expro_shared.events.housing import UnitDelivered
from expro_shared.events.project import AgreementSigned, CompensationItem, HouseholdMovedOut
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, Money
from fund_svc.bootstrap import create_app
from tests.support import deliver

pytestmark = pytest.mark.db
POLICY = {"basis": "per_m2", "monthly_rate": "20.00", "late_multiplier": "2"}


def signed(pid: str, household: str, kind: AgreementKind) -> AgreementSigned:
    return AgreementSigned(
        project_id=pid,
        agreement_id=f"ag-{household}",
        household_id=household,
        kind=kind,
        area_m2="80.00",
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money(100_00))],
        total=Money(100_00),
        signed_on=date(2022, 3, 1),
        payment_due_on=date(2022, 3, 31),
        move_out_deadline=date(2022, 3, 31),
        promised_delivery_on=date(2022, 5, 15) if kind is AgreementKind.PROPERTY_EXCHANGE else None,
        entitled_area_m2="80.00" if kind is AgreementKind.PROPERTY_EXCHANGE else None,
        members=3,
    )


async def setup(service_client, auth, open_budget, deposit, *, deposited: str = "100000.00"):
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"temporary_resettlement": "50000.00", "compensation": "50000.00"})
    await deposit(client, pid, deposited)
    project = app.state.runtime.consumers["fund-svc.project-events"]
    events = [
        signed(pid, "hh-x", AgreementKind.PROPERTY_EXCHANGE),
        signed(pid, "hh-m", AgreementKind.MONETARY),
        HouseholdMovedOut(project_id=pid, household_id="hh-x", moved_out_on=date(2022, 3, 10)),
        HouseholdMovedOut(project_id=pid, household_id="hh-m", moved_out_on=date(2022, 3, 5)),
    ]
    await deliver(project, *(new_event(e, source="/project-svc", actor="clerk") for e in events))
    return client, app, pid


async def run(client, auth, month: str, pid: str | None = None, who: str = "clerk"):
    payload = {"month": month} | ({"project_id": pid} if pid else {})
    return await client.post("/v1/transition-fee-runs", json=payload, headers=auth(who, "center_staff"))


async def test_the_monthly_run_requests_each_household_month_once_at_the_policy(
    service_client, auth, open_budget, deposit
) -> None:
    client, app, pid = await setup(service_client, auth, open_budget, deposit)
    no_policy = await run(client, auth, "2022-03", pid)
    assert no_policy.status_code == 409 and no_policy.json()["type"] == "/problems/transition-fee-policy-missing"
    put = await client.put(
        f"/v1/projects/{pid}/transition-fee-policy", json=POLICY, headers=auth("lead", "center_leader")
    )
    assert put.status_code == 200 and put.json()["late_multiplier"] == "2.00"
    got = await client.get(f"/v1/projects/{pid}/transition-fee-policy", headers=auth("aud", "auditor"))
    assert got.json()["monthly_rate"] == "20.00"

    march = await run(client, auth, "2022-03", pid)
    assert march.status_code == 200, march.text
    (req,) = march.json()["requested"]
    assert (req["household_id"], req["amount"], req["category"], req["status"]) == (
        "hh-x",
        "1135.48",
        "temporary_resettlement",
        "requested",
    )
    assert req["transition_fee"] == {"kind": "transition", "period_from": "2022-03-10", "period_to": "2022-03-31"}
    assert req["agreement_id"] == "ag-hh-x" and req["payable_id"] is None
    again = await run(client, auth, "2022-03", pid, who="other")
    assert (again.json()["requested"], again.json()["already"]) == ([], 1)

    housing = app.state.runtime.consumers["fund-svc.housing-events"]
    delivered = UnitDelivered(
        project_id=pid,
        unit_id="u-1",
        allocation_id="al-1",
        eligibility_id="el-1",
        household_id="hh-x",
        agreement_id="ag-hh-x",
        promised_delivery_on=date(2022, 5, 15),
        delivered_on=date(2022, 6, 10),
    )
    await deliver(housing, new_event(delivered, source="/housing-svc", actor="admin"))
    may = (await run(client, auth, "2022-05")).json()
    assert [(r["amount"], r["transition_fee"]["kind"]) for r in may["requested"]] == [("2425.81", "late_delivery")]
    june = (await run(client, auth, "2022-06")).json()
    assert [r["transition_fee"]["period_to"] for r in june["requested"]] == ["2022-06-10"]
    assert (await run(client, auth, "2022-07")).json()["requested"] == []

    listed = (
        await client.get(
            f"/v1/projects/{pid}/disbursements", params={"household_id": "hh-x"}, headers=auth("f", "finance")
        )
    ).json()["items"]
    assert len(listed) == 3
    acct = (await client.get(f"/v1/projects/{pid}/account", headers=auth("f", "finance"))).json()
    assert acct["held"] == "4627.96"  # 1135.48 + 2425.81 + 1066.67


async def test_a_household_whose_fee_cannot_be_held_is_skipped_and_requested_by_a_later_run(
    service_client, auth, open_budget, deposit
) -> None:
    client, _app, pid = await setup(service_client, auth, open_budget, deposit, deposited="1000.00")
    await client.put(f"/v1/projects/{pid}/transition-fee-policy", json=POLICY, headers=auth("s", "center_staff"))
    first = (await run(client, auth, "2022-04", pid)).json()
    assert first["requested"] == [] and [s["household_id"] for s in first["skipped"]] == ["hh-x"]
    assert "1600.00" in first["skipped"][0]["reason"]
    r = await client.post(
        f"/v1/projects/{pid}/deposits",
        json={
            "amount": "1000.00",
            "bank_reference": "B-2",
            "payer": "城投公司",
            "received_at": "2022-04-01T09:00:00+08:00",
        },
        headers=auth("f", "finance") | {"Idempotency-Key": "d2"},
    )
    assert r.status_code == 201
    later = (await run(client, auth, "2022-04", pid)).json()
    assert [x["amount"] for x in later["requested"]] == ["1600.00"]


async def test_bad_runs_and_policies_are_refused(service_client, auth, open_budget, deposit) -> None:
    client, _app, pid = await setup(service_client, auth, open_budget, deposit)
    for bad in ({"month": "2022-13"}, {"month": "2999-01"}, {"month": "2022-03", "extra": 1}, {}):
        assert (
            await client.post("/v1/transition-fee-runs", json=bad, headers=auth("s", "center_staff"))
        ).status_code == 422
    url = f"/v1/projects/{pid}/transition-fee-policy"
    for bad in (
        POLICY | {"late_multiplier": "0.99"},
        POLICY | {"late_multiplier": 2},
        POLICY | {"basis": "per_person"},
        POLICY | {"monthly_rate": "-1"},
    ):
        assert (await client.put(url, json=bad, headers=auth("s", "center_staff"))).status_code == 422, bad
    assert (await client.get(url, headers=auth("f", "finance"))).status_code == 404
    other = await client.put(
        f"/v1/projects/{uuid.uuid4()}/transition-fee-policy", json=POLICY, headers=auth("s", "center_staff")
    )
    assert other.status_code == 404


@pytest.mark.parametrize("round_", range(3))
async def test_concurrent_runs_of_one_month_make_one_request_per_household(
    service_client, auth, open_budget, deposit, round_
) -> None:
    client, _app, pid = await setup(service_client, auth, open_budget, deposit)
    await client.put(f"/v1/projects/{pid}/transition-fee-policy", json=POLICY, headers=auth("s", "center_staff"))
    answers = await asyncio.gather(*(run(client, auth, "2022-04", pid, who=f"clerk-{i}") for i in range(6)))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    made = [r for a in answers for r in a.json()["requested"]]
    assert len(made) == 1 and sum(a.json()["already"] for a in answers) == 5
    listed = (await client.get(f"/v1/projects/{pid}/disbursements", headers=auth("f", "finance"))).json()["items"]
    assert len(listed) == 1
