"""One unit, one household: concurrent choices end in exactly one allocation, decided by
the allocations' constraints (the defects such races hide show on PostgreSQL, where the
requests really run in parallel — SQLite serialises them)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets

import pytest
from sqlmodel import func, select

from housing_svc.selection.tables import AllocationRow
from tests.support import bearer, project_registered

pytestmark = pytest.mark.db
ADMIN = bearer("housing-01", "housing_admin")
STAFF = bearer("staff-01", "center_staff")


async def open_round(client, project, agreement, upload, make_csv, row, households: int, units: int):  # type: ignore[no-untyped-def]
    """Every turn window has passed, so every household may choose now."""
    reg = project_registered()
    await project(reg, *(agreement(reg.subject) for _ in range(households)))
    unit_ids = (await upload(make_csv(*(row(f"R-{i}") for i in range(units))))).json()["unit_ids"]
    starts = "2024-03-01T09:00:00+08:00"  # every window passed long ago
    body = {"project_ids": [reg.subject], "ordering": "lottery", "starts_at": starts, "turn_minutes": 1}
    rid = (await client.post("/v1/selection-rounds", json=body, headers=ADMIN)).json()["id"]
    seed = secrets.token_hex(16)
    commitment = hashlib.sha256(bytes.fromhex(seed)).hexdigest()
    await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
    await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": "b"}, headers=ADMIN)
    order = (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()["items"]
    return rid, [t["eligibility_id"] for t in order], unit_ids


async def allocations(app) -> int:  # type: ignore[no-untyped-def]
    async with app.state.runtime.db.sessionmaker() as session:
        return int((await session.exec(select(func.count()).select_from(AllocationRow))).one())


def choice(client, rid, eligibility_id, unit_id):  # type: ignore[no-untyped-def]
    body = {"eligibility_id": eligibility_id, "unit_id": unit_id}
    return client.post(f"/v1/selection-rounds/{rid}/choices", json=body, headers=ADMIN)


@pytest.mark.parametrize("round_", range(3))
async def test_eight_households_racing_for_one_unit_get_one_allocation(
    app, client, project, agreement, upload, make_csv, row, round_
) -> None:
    rid, order, [unit] = await open_round(client, project, agreement, upload, make_csv, row, 8, 1)
    answers = await asyncio.gather(*(choice(client, rid, e, unit) for e in order))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 7, [a.text for a in answers]
    assert {a.json()["type"] for a in answers if a.status_code == 409} == {"/problems/unit-taken"}
    assert await allocations(app) == 1


@pytest.mark.parametrize("round_", range(3))
async def test_one_household_choosing_two_units_at_once_gets_one(
    app, client, project, agreement, upload, make_csv, row, round_
) -> None:
    rid, [household], units = await open_round(client, project, agreement, upload, make_csv, row, 1, 6)
    answers = await asyncio.gather(*(choice(client, rid, household, u) for u in units))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 5, [a.text for a in answers]
    assert {a.json()["type"] for a in answers if a.status_code == 409} == {"/problems/already-allocated"}
    assert await allocations(app) == 1
    allocated = (await client.get("/v1/units", headers=STAFF, params={"status": "allocated"})).json()["items"]
    assert len(allocated) == 1


@pytest.mark.parametrize("round_", range(5))
async def test_one_household_repeating_one_choice_at_once_gets_it_once(
    app, client, project, agreement, upload, make_csv, row, round_
) -> None:
    rid, [household], [unit] = await open_round(client, project, agreement, upload, make_csv, row, 1, 1)
    answers = await asyncio.gather(*(choice(client, rid, household, unit) for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] * 5 + [201], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert await allocations(app) == 1


async def test_two_draws_at_once_draw_once(client, project, agreement) -> None:
    reg = project_registered()
    await project(reg, *(agreement(reg.subject) for _ in range(4)))
    body = {"project_ids": [reg.subject], "ordering": "lottery", "starts_at": "2024-03-01T09:00:00Z", "turn_minutes": 5}
    rid = (await client.post("/v1/selection-rounds", json=body, headers=ADMIN)).json()["id"]
    seed = secrets.token_hex(16)
    commitment = hashlib.sha256(bytes.fromhex(seed)).hexdigest()
    commits = await asyncio.gather(
        *(
            client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
            for _ in range(3)
        )
    )
    assert sorted(c.status_code for c in commits) == [200, 409, 409]
    draws = await asyncio.gather(
        *(
            client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": f"b{i}"}, headers=ADMIN)
            for i in range(3)
        )
    )
    assert sorted(d.status_code for d in draws) == [200, 409, 409], [d.text for d in draws]
    [won] = [d.json() for d in draws if d.status_code == 200]
    proof = (await client.get(f"/v1/selection-rounds/{rid}/verification", headers=STAFF)).json()
    assert proof["beacon"] == won["beacon"] and proof["order_matches"] and len(proof["order"]) == 4


async def test_two_deliveries_of_one_unit_at_once_deliver_it_once(
    client, project, agreement, upload, make_csv, row
) -> None:
    rid, [household], [unit] = await open_round(client, project, agreement, upload, make_csv, row, 1, 1)
    body = {"eligibility_id": household, "unit_id": unit, "chosen_on": "2024-03-01"}
    assert (await client.post(f"/v1/selection-rounds/{rid}/choices", json=body, headers=ADMIN)).status_code == 201
    days = ["2024-07-01", "2024-07-02", "2024-07-03"]
    answers = await asyncio.gather(
        *(client.post(f"/v1/units/{unit}/delivery", json={"delivered_on": d}, headers=ADMIN) for d in days)
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409], [a.text for a in answers]
    delivered = (await client.get(f"/v1/units/{unit}", headers=STAFF)).json()["delivered_on"]
    assert delivered in days
