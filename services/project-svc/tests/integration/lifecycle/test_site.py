"""Demolition, cleared land and settlement over HTTP on the real database."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


async def moved_out(flow, project_id: str, moved_out_on: str) -> str:
    household_id = await flow.household(project_id)
    await flow.ok(f"/v1/projects/{project_id}/agreements", flow.agreement(household_id, signed_on="2023-04-10"))
    await flow.ok(f"/v1/households/{household_id}/move-out", {"moved_out_on": moved_out_on})
    return household_id


def demolition(household_ids: list[str], demolished_on: str = "2023-07-01") -> dict:
    return {
        "demolished_on": demolished_on,
        "area_m2": "1260.5",
        "buildings": 3,
        "household_ids": household_ids,
        "contractor": "城建拆除工程公司",
    }


async def test_a_demolition_needs_every_listed_household_moved_out_by_its_day(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    gone = await moved_out(flow, project_id, "2023-05-01")
    staying = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/demolitions"

    r = await flow.post(url, demolition([gone, staying]))
    assert r.status_code == 409 and r.json()["missing"] == "move_out" and r.json()["household_id"] == staying
    early = await flow.post(url, demolition([gone], demolished_on="2023-04-30"))
    assert early.status_code == 409 and early.json()["household_id"] == gone, "moved out after the demolition day"
    assert await flow.events("demolition_recorded") == []

    r = await flow.post(url, demolition([gone], demolished_on="2023-05-01"))
    assert r.status_code == 201, r.text
    done = r.json()
    assert done["area_m2"] == "1260.50" and done["household_ids"] == [gone]
    assert await flow.events("demolition_recorded") == [
        {
            "project_id": project_id,
            "demolition_id": done["id"],
            "area_m2": "1260.50",
            "buildings": 3,
            "demolished_on": "2023-05-01",
            "household_ids": [gone],
            "contractor": "城建拆除工程公司",
        }
    ]
    assert (await flow.client.get(f"/v1/demolitions/{done['id']}", headers=flow.staff)).json() == done


async def test_non_residential_buildings_are_demolished_without_households(flow) -> None:
    project_id = await flow.project()
    assert (await flow.post(f"/v1/projects/{project_id}/demolitions", demolition([]))).status_code == 201


async def test_a_demolition_listing_another_projects_household_is_invalid(flow) -> None:
    project_id = await flow.project()
    other = await flow.household(await flow.project())
    r = await flow.post(f"/v1/projects/{project_id}/demolitions", demolition([other]))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "household_ids", 0]
    r = await flow.post(f"/v1/projects/{project_id}/demolitions", demolition(["x", "x"]))
    assert r.status_code == 422


async def test_settlement_needs_cleared_land_by_its_day(flow) -> None:
    project_id = await flow.project()
    url = f"/v1/projects/{project_id}/settlement"
    r = await flow.post(url, {"requested_on": "2023-09-01"})
    assert r.status_code == 409 and r.json()["missing"] == "clearance"
    assert (await flow.client.get(url, headers=flow.staff)).status_code == 404

    clearance = await flow.ok(
        f"/v1/projects/{project_id}/clearances", {"cleared_on": "2023-08-01", "area_mu": "332.08"}
    )
    assert clearance["area_mu"] == "332.08"
    assert await flow.events("land_cleared") == [
        {"project_id": project_id, "clearance_id": clearance["id"], "area_mu": "332.08", "cleared_on": "2023-08-01"}
    ]
    early = await flow.post(url, {"requested_on": "2023-07-31"})
    assert early.status_code == 409 and early.json()["missing"] == "clearance"

    r = await flow.post(url, {"requested_on": "2023-08-01"})
    assert r.status_code == 201, r.text
    assert (await flow.client.get(url, headers=flow.staff)).json() == r.json()
    assert await flow.events("settlement_requested") == [{"project_id": project_id, "requested_on": "2023-08-01"}]
    again = await flow.post(url, {"requested_on": "2023-08-02"})
    assert again.status_code == 409 and again.json()["type"] == "/problems/step-already-recorded"
