"""Compensation plans over HTTP on the real database: publication for at least 30 days,
comments within the period, approval after it — with a hearing first when most comments
disagree (条例 Art. 10–11; 土地管理法 Art. 47)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


async def draft(flow, project_id: str) -> str:
    body = {"title": "补偿方案", "summary": "方案", "standards": [{"item": "house_value", "rule": "按评估价"}]}
    plan = await flow.ok(f"/v1/projects/{project_id}/compensation-plans", body)
    assert plan["status"] == "draft"
    return str(plan["id"])


def comment(agrees: bool, submitted_on: str = "2023-01-15") -> dict:
    return {"author": "李四", "agrees": agrees, "content": "意见", "submitted_on": submitted_on}


async def test_a_plan_is_published_for_at_least_thirty_days(flow) -> None:
    plan_id = await draft(flow, await flow.project())
    url = f"/v1/compensation-plans/{plan_id}/publish"
    r = await flow.post(url, {"comment_from": "2023-01-01", "comment_until": "2023-01-29"})
    assert r.status_code == 409 and r.json()["type"] == "/problems/comment-period-too-short"
    assert r.json()["days"] == 29 and r.json()["minimum"] == 30
    assert await flow.events("compensation_plan_published") == []

    r = await flow.post(url, {"comment_from": "2023-01-01", "comment_until": "2023-01-30"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "published" and r.json()["comment_until"] == "2023-01-30"
    [event] = await flow.events("compensation_plan_published")
    assert event["comment_from"] == "2023-01-01" and event["comment_until"] == "2023-01-30"
    again = await flow.post(url, {"comment_from": "2023-01-01", "comment_until": "2023-03-01"})
    assert again.status_code == 409 and again.json()["current_status"] == "published"


async def test_comments_are_taken_within_the_period_of_a_published_plan(flow) -> None:
    plan_id = await draft(flow, await flow.project())
    url = f"/v1/compensation-plans/{plan_id}/comments"
    r = await flow.post(url, comment(True))
    assert r.status_code == 409 and r.json()["missing"] == "plan_publication"
    await flow.ok(
        f"/v1/compensation-plans/{plan_id}/publish", {"comment_from": "2023-01-01", "comment_until": "2023-01-30"}
    )
    for outside in ("2022-12-31", "2023-01-31"):
        r = await flow.post(url, comment(True, outside))
        assert r.status_code == 409 and r.json()["type"] == "/problems/outside-comment-period", outside
    for inside in ("2023-01-01", "2023-01-30"):
        assert (await flow.post(url, comment(False, inside))).status_code == 201
    events = await flow.events("plan_comment_submitted")
    assert [(e["agrees"], e["submitted_on"]) for e in events] == [(False, "2023-01-01"), (False, "2023-01-30")]
    assert set(events[0]) == {"project_id", "comment_id", "plan_id", "agrees", "submitted_on"}
    listed = (await flow.client.get(url, headers=flow.staff)).json()["items"]
    assert len(listed) == 2
    one = await flow.client.get(f"/v1/comments/{listed[0]['id']}", headers=flow.staff)
    assert one.json() == listed[0]


async def test_approval_waits_for_the_end_of_the_period(flow) -> None:
    project_id = await flow.project()
    plan_id = await flow.published_plan(project_id)
    url = f"/v1/compensation-plans/{plan_id}/approve"
    r = await flow.post(url, {"approved_on": "2023-01-30", "changes": ""}, flow.lead)
    assert r.status_code == 409 and r.json()["type"] == "/problems/comment-period-open"
    r = await flow.post(url, {"approved_on": "2023-01-31", "changes": "调整搬迁费"}, flow.staff)
    assert r.status_code == 403, "approving a plan is the leader's"
    r = await flow.post(url, {"approved_on": "2023-01-31", "changes": "调整搬迁费"}, flow.lead)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved" and r.json()["approved_on"] == "2023-01-31"
    [event] = await flow.events("compensation_plan_approved")
    assert event == {
        "project_id": project_id,
        "plan_id": plan_id,
        "approved_on": "2023-01-31",
        "changes": "调整搬迁费",
        "standards": [{"item": "house_value", "rule": "按评估价"}],
    }
    late = await flow.post(f"/v1/compensation-plans/{plan_id}/comments", comment(True))
    assert late.status_code == 409 and late.json()["type"] == "/problems/plan-not-in-status"
    again = await flow.post(url, {"approved_on": "2023-02-01", "changes": ""}, flow.lead)
    assert again.status_code == 409 and again.json()["current_status"] == "approved"


async def test_a_draft_is_not_approved(flow) -> None:
    plan_id = await draft(flow, await flow.project())
    r = await flow.post(
        f"/v1/compensation-plans/{plan_id}/approve", {"approved_on": "2023-02-01", "changes": ""}, flow.lead
    )
    assert r.status_code == 409 and r.json()["missing"] == "plan_publication"


async def test_when_most_comments_disagree_a_hearing_comes_before_the_approval(flow) -> None:
    project_id = await flow.project()
    plan_id = await flow.published_plan(project_id)
    for agrees in (True, False, False):
        await flow.ok(f"/v1/compensation-plans/{plan_id}/comments", comment(agrees))
    url = f"/v1/compensation-plans/{plan_id}/approve"
    r = await flow.post(url, {"approved_on": "2023-02-10", "changes": ""}, flow.lead)
    assert r.status_code == 409 and r.json()["missing"] == "hearing"

    hearings = f"/v1/compensation-plans/{plan_id}/hearings"
    early = await flow.post(hearings, {"held_on": "2022-12-31", "summary": "听证"})
    assert early.status_code == 409 and early.json()["missing"] == "plan_publication", "held before publication"
    hearing = await flow.ok(hearings, {"held_on": "2023-02-11", "summary": "听证会纪要"})
    assert await flow.events("hearing_recorded") == [
        {
            "project_id": project_id,
            "hearing_id": hearing["id"],
            "plan_id": plan_id,
            "held_on": "2023-02-11",
            "summary": "听证会纪要",
        }
    ]
    r = await flow.post(url, {"approved_on": "2023-02-10", "changes": ""}, flow.lead)
    assert r.status_code == 409 and r.json()["missing"] == "hearing", "the hearing was held after that day"
    assert (await flow.post(url, {"approved_on": "2023-02-11", "changes": ""}, flow.lead)).status_code == 200
    got = await flow.client.get(f"/v1/hearings/{hearing['id']}", headers=flow.staff)
    assert got.json() == hearing
    listed = await flow.client.get(hearings, headers=flow.staff)
    assert [h["id"] for h in listed.json()["items"]] == [hearing["id"]]


async def test_a_tie_needs_no_hearing(flow) -> None:
    plan_id = await flow.published_plan(await flow.project())
    for agrees in (True, False):
        await flow.ok(f"/v1/compensation-plans/{plan_id}/comments", comment(agrees))
    r = await flow.post(
        f"/v1/compensation-plans/{plan_id}/approve", {"approved_on": "2023-02-10", "changes": ""}, flow.lead
    )
    assert r.status_code == 200, r.text
