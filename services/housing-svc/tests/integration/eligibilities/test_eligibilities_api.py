"""Eligibilities over HTTP: listing with filters and org scoping, and the district's review
of collective villagers."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from expro_shared.events.envelope import new_event
from expro_shared.events.project import ProjectRegistered
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import LandType
from tests.support import bearer, project_registered

pytestmark = pytest.mark.db
STAFF = bearer("staff-01", "center_staff")
DISTRICT = bearer("d-1", "district", org="城南区")
REVIEW = {"approve": True, "reason": "公示无异议", "reviewed_on": "2023-04-10"}


def collective(district: str = "城南区", owner_unit: str = "城投公司"):  # type: ignore[no-untyped-def]
    pid = str(uuid.uuid4())
    data = ProjectRegistered(
        project_id=pid,
        code=f"ZS-{pid[:6]}",
        name="城郊村集体土地征收",
        land_type=LandType.COLLECTIVE,
        district=district,
        owner_unit=owner_unit,
        planned_households=30,
        planned_area_m2="5000.00",
    )
    return new_event(data, source="/project-svc", actor="staff-01")


async def test_eligibilities_are_listed_by_project_and_status(client, project, agreement) -> None:
    state, coll = project_registered(), collective()
    await project(state, coll, agreement(state.subject), agreement(coll.subject), agreement(coll.subject))

    r = await client.get("/v1/eligibilities", headers=STAFF)
    assert r.status_code == 200 and len(r.json()["items"]) == 3
    r = await client.get("/v1/eligibilities", headers=STAFF, params={"project_id": coll.subject})
    assert {e["status"] for e in r.json()["items"]} == {"pending_review"} and len(r.json()["items"]) == 2
    r = await client.get("/v1/eligibilities", headers=STAFF, params={"status": "eligible"})
    assert [e["project_id"] for e in r.json()["items"]] == [state.subject]
    one = r.json()["items"][0]
    assert one["entitled_area_m2"] == "90.00" and one["land_type"] == "state_owned"
    assert (await client.get(f"/v1/eligibilities/{one['id']}", headers=STAFF)).json() == one


async def test_owner_units_and_districts_see_only_their_own(client, project, agreement) -> None:
    mine, theirs = collective(), collective(district="城北区", owner_unit="轨道集团")
    await project(mine, theirs, agreement(mine.subject), agreement(theirs.subject))
    for headers in (DISTRICT, bearer("o", "owner_unit", org="城投公司")):
        listed = (await client.get("/v1/eligibilities", headers=headers)).json()["items"]
        assert [e["project_id"] for e in listed] == [mine.subject]


async def test_the_district_approves_a_villager_who_becomes_eligible(app, client, project, agreement) -> None:
    coll = collective()
    await project(coll, agreement(coll.subject))
    [e] = (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]

    r = await client.post(f"/v1/eligibilities/{e['id']}/review", json=REVIEW, headers=DISTRICT)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["reviewed_by"], r.json()["reviewed_on"]) == ("eligible", "d-1", "2023-04-10")
    async with app.state.runtime.db.sessionmaker() as session:
        types = [o.event_type for o in (await session.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()]
    assert types == ["expro.housing.eligibility_reviewed.v1", "expro.housing.eligibility_granted.v1"]

    again = await client.post(f"/v1/eligibilities/{e['id']}/review", json=REVIEW, headers=DISTRICT)
    assert again.status_code == 409 and again.json()["type"] == "/problems/eligibility-not-pending"
    assert again.json()["current_status"] == "eligible"


async def test_a_rejection_keeps_the_reason(client, project, agreement) -> None:
    coll = collective()
    await project(coll, agreement(coll.subject))
    [e] = (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]
    r = await client.post(
        f"/v1/eligibilities/{e['id']}/review",
        json=REVIEW | {"approve": False, "reason": "非本村户籍"},
        headers=DISTRICT,
    )
    assert (r.json()["status"], r.json()["review_reason"]) == ("rejected", "非本村户籍")


async def test_another_district_cannot_review_and_sees_nothing(client, project, agreement) -> None:
    coll = collective()
    await project(coll, agreement(coll.subject))
    [e] = (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]
    r = await client.post(
        f"/v1/eligibilities/{e['id']}/review", json=REVIEW, headers=bearer("d-2", "district", org="城北区")
    )
    assert r.status_code == 404
    r = await client.post(f"/v1/eligibilities/{e['id']}/review", json=REVIEW, headers=STAFF)
    assert r.status_code == 403
    assert (await client.get(f"/v1/eligibilities/{e['id']}", headers=STAFF)).json()["status"] == "pending_review"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reviewed_on": "2999-01-01"}, "reviewed_on"),
        ({"reviewed_on": "2023-02-01"}, "reviewed_on"),
        ({"approve": "yes"}, "approve"),
        ({"reason": ""}, "reason"),
    ],
)
async def test_a_bad_review_is_refused_without_change(client, project, agreement, change, field) -> None:
    coll = collective()
    await project(coll, agreement(coll.subject))  # signed 2023-03-01
    [e] = (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]
    r = await client.post(f"/v1/eligibilities/{e['id']}/review", json=REVIEW | change, headers=DISTRICT)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", field], r.text
    assert (await client.get(f"/v1/eligibilities/{e['id']}", headers=STAFF)).json()["status"] == "pending_review"


async def test_a_city_wide_role_does_not_make_another_district_a_reviewer(client, project, agreement) -> None:
    coll = collective()
    await project(coll, agreement(coll.subject))
    [e] = (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]
    both = bearer("d-9", "district", "housing_admin", org="城北区")
    r = await client.post(f"/v1/eligibilities/{e['id']}/review", json=REVIEW, headers=both)
    assert r.status_code == 404
    assert (await client.get(f"/v1/eligibilities/{e['id']}", headers=STAFF)).json()["status"] == "pending_review"
