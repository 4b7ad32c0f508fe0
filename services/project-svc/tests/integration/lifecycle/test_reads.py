"""Every step's reads — the project's list and each row — are readable exactly as the project
is: an owner unit its own org's, a district its own district's (404 for others: no
existence leak); lists are paginated with a cursor."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


async def walked(flow) -> tuple[str, list[str]]:
    """A project through every step (but pre-announcement and land agreement, see below),
    and the paths of every read of it."""
    p = await flow.project()
    await flow.risk_assessment(p)
    await flow.decided(p)
    plan = (await flow.client.get(f"/v1/projects/{p}/compensation-plans", headers=flow.staff)).json()["items"][0]
    h = await flow.household(p)
    h2 = await flow.household(p)
    agreement = await flow.ok(f"/v1/projects/{p}/agreements", flow.agreement(h))
    decision = await flow.ok(f"/v1/projects/{p}/compensation-decisions", flow.decision_for(h2))
    selection = await flow.ok(
        f"/v1/projects/{p}/valuation-agency-selections",
        {"method": "lottery", "candidates": ["甲"], "selected": "甲", "selected_on": "2023-03-10"},
    )
    report = await flow.ok(
        f"/v1/projects/{p}/valuation-reports",
        {"household_id": h, "agency": "甲", "value": "1.00", "value_date": "2023-03-02", "filed_on": "2023-03-25"},
    )
    procedure = await flow.ok(
        f"/v1/projects/{p}/judicial-procedures", {"household_id": h2, "court": "法院", "filed_on": "2023-08-16"}
    )
    await flow.ok(f"/v1/households/{h}/move-out", {"moved_out_on": "2023-05-01"})
    demolition = await flow.ok(
        f"/v1/projects/{p}/demolitions",
        {"demolished_on": "2023-06-01", "area_m2": "86.5", "buildings": 1, "household_ids": [h], "contractor": "c"},
    )
    clearance = await flow.ok(f"/v1/projects/{p}/clearances", {"cleared_on": "2023-08-01", "area_mu": "1"})
    await flow.ok(f"/v1/projects/{p}/settlement", {"requested_on": "2023-09-01"})
    risk = (await flow.client.get(f"/v1/projects/{p}/risk-assessments", headers=flow.staff)).json()["items"][0]
    paths = [
        f"/v1/projects/{p}/risk-assessments",
        f"/v1/risk-assessments/{risk['id']}",
        f"/v1/projects/{p}/compensation-plans",
        f"/v1/compensation-plans/{plan['id']}",
        f"/v1/projects/{p}/decision",
        f"/v1/projects/{p}/households",
        f"/v1/households/{h}",
        f"/v1/projects/{p}/agreements",
        f"/v1/agreements/{agreement['id']}",
        f"/v1/projects/{p}/compensation-decisions",
        f"/v1/compensation-decisions/{decision['id']}",
        f"/v1/projects/{p}/valuation-agency-selections",
        f"/v1/valuation-agency-selections/{selection['id']}",
        f"/v1/projects/{p}/valuation-reports",
        f"/v1/valuation-reports/{report['id']}",
        f"/v1/projects/{p}/judicial-procedures",
        f"/v1/judicial-procedures/{procedure['id']}",
        f"/v1/projects/{p}/demolitions",
        f"/v1/demolitions/{demolition['id']}",
        f"/v1/projects/{p}/clearances",
        f"/v1/clearances/{clearance['id']}",
        f"/v1/projects/{p}/settlement",
    ]
    return p, paths


async def collective_paths(flow) -> list[str]:
    p = await flow.project("collective")
    pre = await flow.ok(
        f"/v1/projects/{p}/pre-announcements",
        {"published_on": "2022-10-08", "scope": "s", "survey_until": "2022-11-30"},
    )
    plan_id = await flow.published_plan(p)
    comment = await flow.ok(
        f"/v1/compensation-plans/{plan_id}/comments",
        {"author": "a", "agrees": False, "content": "c", "submitted_on": "2023-01-02"},
    )
    hearing = await flow.ok(f"/v1/compensation-plans/{plan_id}/hearings", {"held_on": "2023-01-20", "summary": "s"})
    await flow.ok(f"/v1/compensation-plans/{plan_id}/approve", {"approved_on": "2023-02-01", "changes": ""}, flow.lead)
    land = await flow.ok(
        f"/v1/projects/{p}/land-agreements",
        {"collective_organization": "村", "area_mu": "1", "amount": "1", "signed_on": "2023-02-01"},
    )
    return [
        f"/v1/projects/{p}/pre-announcements",
        f"/v1/compensation-plans/{plan_id}/comments",
        f"/v1/compensation-plans/{plan_id}/hearings",
        f"/v1/projects/{p}/land-agreements",
        f"/v1/pre-announcements/{pre['id']}",
        f"/v1/comments/{comment['id']}",
        f"/v1/hearings/{hearing['id']}",
        f"/v1/land-agreements/{land['id']}",
    ]


@pytest.mark.parametrize(
    ("role", "org", "sees"),
    [
        ("owner_unit", "城投公司", True),
        ("owner_unit", "其他公司", False),
        ("district", "城南区", True),
        ("district", "城北区", False),
        ("auditor", None, True),
        ("housing_admin", None, True),
        ("finance", None, True),
    ],
)
async def test_every_read_of_a_step_is_scoped_like_its_project(flow, auth, role, org, sees) -> None:
    _, paths = await walked(flow)
    paths += await collective_paths(flow)
    headers = auth("reader", role, org=org)
    for path in paths:
        r = await flow.client.get(path, headers=headers)
        assert r.status_code == (200 if sees else 404), (path, r.status_code, r.text)
        if not sees:
            assert r.json()["type"] == "/problems/not-found"
        elif "next_cursor" in r.json():
            assert r.json()["items"], path


async def test_a_token_without_a_known_role_reads_nothing(flow, auth) -> None:
    p = await flow.project()
    household = await flow.household(p)
    for path in (f"/v1/projects/{p}/households", f"/v1/households/{household}"):
        r = await flow.client.get(path, headers=auth("nobody"))
        assert r.status_code == 403


async def test_step_lists_are_paginated_with_a_cursor(flow) -> None:
    p = await flow.project()
    made = [await flow.household(p, head_name=f"户{i}") for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await flow.client.get(f"/v1/projects/{p}/households", params=params, headers=flow.staff)).json()
        seen += [h["id"] for h in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made


async def test_household_filters_narrow_a_projects_steps_to_one_household(flow) -> None:
    p = await flow.project()
    await flow.risk_assessment(p)
    await flow.decided(p)
    h1, h2 = await flow.household(p), await flow.household(p)
    await flow.ok(f"/v1/projects/{p}/compensation-decisions", flow.decision_for(h1))
    await flow.ok(f"/v1/projects/{p}/compensation-decisions", flow.decision_for(h2))
    await flow.ok(
        f"/v1/projects/{p}/valuation-agency-selections",
        {"method": "lottery", "candidates": ["甲"], "selected": "甲", "selected_on": "2023-03-10"},
    )
    for h in (h1, h2):
        await flow.ok(
            f"/v1/projects/{p}/valuation-reports",
            {"household_id": h, "agency": "甲", "value": "1.00", "value_date": "2023-03-02", "filed_on": "2023-03-25"},
        )
    await flow.ok(
        f"/v1/projects/{p}/judicial-procedures", {"household_id": h2, "court": "法院", "filed_on": "2023-08-16"}
    )
    for collection, expected in (
        ("compensation-decisions", {h1: 1, h2: 1}),
        ("valuation-reports", {h1: 1, h2: 1}),
        ("judicial-procedures", {h1: 0, h2: 1}),
    ):
        everything = (await flow.client.get(f"/v1/projects/{p}/{collection}", headers=flow.staff)).json()["items"]
        assert len(everything) == sum(expected.values()), collection
        for h, count in expected.items():
            r = await flow.client.get(f"/v1/projects/{p}/{collection}", params={"household_id": h}, headers=flow.staff)
            assert r.status_code == 200, r.text
            assert [row["household_id"] for row in r.json()["items"]] == [h] * count, (collection, h)
