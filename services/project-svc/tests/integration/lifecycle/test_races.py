"""What happens once happens once under concurrent requests, by the tables' constraints (and
the household's row lock): the defect would show on PostgreSQL, where requests really run in
parallel (EXPRO_TEST_POSTGRES_URL)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

pytestmark = pytest.mark.db


async def test_concurrent_signings_for_one_household_make_one_agreement(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"

    answers = await asyncio.gather(
        *(flow.post(url, flow.agreement(household_id, signed_on=f"2023-04-{10 + i}")) for i in range(6))
    )

    assert sorted(a.status_code for a in answers) == [201] + [409] * 5, [a.text for a in answers]
    assert {a.json()["type"] for a in answers if a.status_code == 409} == {"/problems/agreement-exists"}
    assert len(await flow.events("agreement_signed")) == 1
    listed = await flow.client.get(url, headers=flow.staff)
    assert len(listed.json()["items"]) == 1


async def test_an_agreement_and_a_decision_for_one_household_are_ordered(flow) -> None:
    """Signed and decided on the same day, concurrently: the household's row lock orders
    them. Either the agreement commits first and the decision is refused, or the decision
    does (it was made before any agreement) and the agreement follows it — never a decision
    made beside a committed agreement, never an error."""
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    signed, decided = await asyncio.gather(
        flow.post(
            f"/v1/projects/{project_id}/agreements",
            flow.agreement(
                household_id, signed_on="2023-07-15", payment_due_on="2023-08-01", move_out_deadline="2023-08-01"
            ),
        ),
        flow.post(f"/v1/projects/{project_id}/compensation-decisions", flow.decision_for(household_id)),
    )
    assert signed.status_code == 201, signed.text
    assert decided.status_code in (201, 409), decided.text
    decisions = await flow.events("compensation_decision_made")
    assert len(decisions) == (1 if decided.status_code == 201 else 0)
    if decided.status_code == 201:
        # Each takes the lock before it stamps its row: the decision came first.
        stamp = datetime.fromisoformat
        assert stamp(decided.json()["created_at"]) < stamp(signed.json()["created_at"])
    else:
        assert decided.json()["type"] == "/problems/agreement-exists"


async def test_concurrent_decisions_and_settlements_of_one_project_are_recorded_once(flow) -> None:
    project_id = await flow.project()
    await flow.risk_assessment(project_id)
    await flow.approved_plan(project_id)
    await flow.issued_task_order(project_id)
    body = {"document_no": "征字1号", "decided_on": "2023-03-01", "announced_on": "2023-03-02"}
    answers = await asyncio.gather(
        *(flow.post(f"/v1/projects/{project_id}/decision", body, flow.lead) for _ in range(5))
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * 4, [a.text for a in answers]
    assert {a.json()["step"] for a in answers if a.status_code == 409} == {"expropriation_decision"}
    assert len(await flow.events("expropriation_decision_recorded")) == 1

    await flow.ok(f"/v1/projects/{project_id}/clearances", {"cleared_on": "2023-08-01", "area_mu": "20.58"})
    answers = await asyncio.gather(
        *(flow.post(f"/v1/projects/{project_id}/settlement", {"requested_on": "2023-09-01"}) for _ in range(5))
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * 4, [a.text for a in answers]
    assert len(await flow.events("settlement_requested")) == 1


async def test_concurrent_move_outs_of_one_household_record_one(flow) -> None:
    project_id = await flow.project()
    household_id = await flow.household(project_id)
    await flow.ok(f"/v1/projects/{project_id}/compensation-decisions", flow.decision_for(household_id))
    answers = await asyncio.gather(
        *(flow.post(f"/v1/households/{household_id}/move-out", {"moved_out_on": f"2023-07-{16 + i}"}) for i in range(5))
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * 4, [a.text for a in answers]
    [event] = await flow.events("household_moved_out")
    winner = next(a.json() for a in answers if a.status_code == 200)
    assert event["moved_out_on"] == winner["moved_out_on"]


async def test_a_retried_signing_with_the_same_key_replays_the_first_answer(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"
    key = flow.staff | {"Idempotency-Key": "sign-1"}
    first, second = await asyncio.gather(*(flow.post(url, flow.agreement(household_id), key) for _ in range(2)))
    assert first.status_code == second.status_code == 201, (first.text, second.text)
    assert first.json() == second.json()
    assert {first.headers.get("Idempotent-Replayed"), second.headers.get("Idempotent-Replayed")} == {None, "true"}
    assert len(await flow.events("agreement_signed")) == 1
    other = await flow.post(url, flow.agreement(household_id, area_m2="90"), key)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
