"""Housing statistics over HTTP: per community and per project, counted by the business
dates (a step recorded today for 2022 counts in 2022)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from tests.support import bearer, project_registered

pytestmark = pytest.mark.db
ADMIN = bearer("housing-01", "housing_admin")
STAFF = bearer("staff-01", "center_staff")
SEED = "00112233445566778899aabbccddeeff"


async def test_statistics_count_by_the_dates_steps_happened(client, project, agreement, upload, make_csv, row) -> None:
    reg, other = project_registered(), project_registered(owner_unit="轨道集团")
    await project(
        reg,
        other,
        agreement(reg.subject, signed_on=date(2021, 5, 1)),
        agreement(reg.subject, signed_on=date(2022, 5, 1)),
        agreement(other.subject, signed_on=date(2022, 6, 1)),
    )
    imported = await upload(
        make_csv(
            row("A-1", community="幸福家园", completed="2021-12-01", area="88.00"),
            row("A-2", community="幸福家园", completed="2022-03-01", area="98.00"),
            row("B-1", community="和谐花园", completed="2022-03-01", area="80.00"),
        )
    )
    _, a2, b1 = imported.json()["unit_ids"]
    starts = "2022-01-01T09:00:00+08:00"  # entered after the fact
    body = {"project_ids": [reg.subject], "ordering": "lottery", "starts_at": starts, "turn_minutes": 1}
    rid = (await client.post("/v1/selection-rounds", json=body, headers=ADMIN)).json()["id"]
    commitment = hashlib.sha256(bytes.fromhex(SEED)).hexdigest()
    await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
    await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": SEED, "beacon": "b"}, headers=ADMIN)
    order = [
        t["eligibility_id"]
        for t in (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()["items"]
    ]
    for eligibility, unit, day in ((order[0], a2, "2022-07-01"), (order[1], b1, "2023-01-10")):
        r = await client.post(
            f"/v1/selection-rounds/{rid}/choices",
            json={"eligibility_id": eligibility, "unit_id": unit, "chosen_on": day},
            headers=ADMIN,
        )
        assert r.status_code == 201, r.text
    assert (
        await client.post(f"/v1/units/{a2}/delivery", json={"delivered_on": "2022-08-01"}, headers=ADMIN)
    ).status_code == 200

    stats = (await client.get("/v1/housing/statistics", headers=STAFF, params={"year": 2022})).json()
    assert stats["year"] == 2022
    communities = {c["community"]: c for c in stats["communities"]}
    assert communities["幸福家园"] == {
        "community": "幸福家园",
        "units": 2,
        "available": 1,
        "allocated": 0,
        "delivered": 1,
        "area_m2": "186.00",
        "completed_in_period": 1,
        "chosen_in_period": 1,
        "delivered_in_period": 1,
    }
    assert (communities["和谐花园"]["allocated"], communities["和谐花园"]["chosen_in_period"]) == (1, 0)
    projects = {p["project_id"]: p for p in stats["projects"]}
    mine = projects[reg.subject]
    assert mine["eligible"] == 1  # only the agreement signed in 2022
    assert (mine["chosen_in_period"], mine["delivered_in_period"]) == (1, 1)
    assert mine["delivered_late_in_period"] == 0  # delivered 2022-08-01, promised 2024-06-30
    assert mine["household_pays"] == "61500.00"  # 98 ㎡ for 90 entitled: 5 at 4800 + 3 at 12500
    assert mine["household_receives"] == "0.00"  # the 80 ㎡ unit was chosen in 2023
    all_time = (await client.get("/v1/housing/statistics", headers=STAFF)).json()
    assert {p["project_id"]: p["eligible"] for p in all_time["projects"]}[reg.subject] == 2
    assert {c["community"]: c["completed_in_period"] for c in all_time["communities"]} == {"幸福家园": 2, "和谐花园": 1}

    owner = (await client.get("/v1/housing/statistics", headers=bearer("o", "owner_unit", org="城投公司"))).json()
    assert [p["project_id"] for p in owner["projects"]] == [reg.subject]
    assert len(owner["communities"]) == 2  # the stock is shared
