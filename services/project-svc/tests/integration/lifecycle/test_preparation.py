"""Risk assessment, pre-announcement, the expropriation decision, valuation, land agreements
and court enforcement over HTTP on the real database."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db

DECISION = {"document_no": "城南征字〔2023〕1号", "decided_on": "2023-03-01", "announced_on": "2023-03-02"}


async def test_a_risk_assessment_is_recorded_and_read(flow) -> None:
    project_id = await flow.project()
    assessment = await flow.risk_assessment(project_id, "2023-01-05")
    assert assessment["level"] == "low"
    assert await flow.events("risk_assessment_recorded") == [
        {
            "project_id": project_id,
            "risk_assessment_id": assessment["id"],
            "level": "low",
            "assessed_on": "2023-01-05",
            "summary": "风险低",
        }
    ]
    got = await flow.client.get(f"/v1/risk-assessments/{assessment['id']}", headers=flow.staff)
    assert got.json() == assessment
    r = await flow.post(
        f"/v1/projects/{project_id}/risk-assessments", {"level": "severe", "assessed_on": "2023-01-05", "summary": "s"}
    )
    assert r.status_code == 422


async def test_a_pre_announcement_is_collective_lands(flow) -> None:
    body = {"published_on": "2022-10-08", "scope": "城南村一、二组", "survey_until": "2022-11-30"}
    state = await flow.project()
    r = await flow.post(f"/v1/projects/{state}/pre-announcements", body)
    assert r.status_code == 409 and r.json()["type"] == "/problems/land-type-mismatch"
    assert r.json()["land_type"] == "state_owned"
    collective = await flow.project("collective")
    done = await flow.ok(f"/v1/projects/{collective}/pre-announcements", body)
    [event] = await flow.events("pre_announcement_published")
    assert event == {"project_id": collective, "pre_announcement_id": done["id"], **body}
    r = await flow.post(f"/v1/projects/{collective}/pre-announcements", body | {"survey_until": "2022-10-07"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "survey_until"]


async def test_the_decision_needs_an_assessment_an_approved_plan_and_issued_funding(flow) -> None:
    project_id = await flow.project()
    url = f"/v1/projects/{project_id}/decision"

    async def missing() -> str:
        r = await flow.post(url, DECISION, flow.lead)
        assert r.status_code == 409, r.text
        return str(r.json()["missing"])

    assert await missing() == "risk_assessment"
    await flow.risk_assessment(project_id, "2023-03-02")
    assert await missing() == "risk_assessment", "assessed after the decision day"
    await flow.risk_assessment(project_id, "2023-01-05")
    assert await missing() == "plan_approval"
    await flow.approved_plan(project_id, approved_on="2023-03-01")
    assert await missing() == "funding"
    assert (await flow.client.get(url, headers=flow.staff)).status_code == 404
    await flow.issued_task_order(project_id)
    assert (await flow.post(url, DECISION, flow.staff)).status_code == 403, "the decision is the leader's"

    r = await flow.post(url, DECISION, flow.lead)
    assert r.status_code == 201, r.text
    decision = r.json()
    assert (await flow.client.get(url, headers=flow.staff)).json() == decision
    assert await flow.events("expropriation_decision_recorded") == [
        {"project_id": project_id, "decision_id": decision["id"], **DECISION}
    ]
    again = await flow.post(url, DECISION, flow.lead)
    assert again.status_code == 409 and again.json()["type"] == "/problems/step-already-recorded"


async def test_a_blocked_task_order_is_not_funding(flow) -> None:
    project_id = await flow.project()
    await flow.risk_assessment(project_id)
    await flow.approved_plan(project_id)
    r = await flow.client.put(
        f"/v1/projects/{project_id}/budget",
        json={"items": [{"category": "compensation", "amount": "1.00"}]},
        headers=flow.lead,
    )
    order = await flow.ok(
        f"/v1/projects/{project_id}/task-orders", {"title": "t", "scope": "s", "due_date": "2023-06-30"}, flow.lead
    )
    assert (await flow.client.post(f"/v1/task-orders/{order['id']}/issue", headers=flow.lead)).status_code == 202
    r = await flow.post(f"/v1/projects/{project_id}/decision", DECISION, flow.lead)
    assert r.status_code == 409 and r.json()["missing"] == "funding", "pending funds is not funding confirmed"


async def test_an_announcement_before_the_decision_is_invalid(flow) -> None:
    project_id = await flow.project()
    r = await flow.post(f"/v1/projects/{project_id}/decision", DECISION | {"announced_on": "2023-02-28"}, flow.lead)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "announced_on"]


async def test_valuation_agency_and_reports(flow) -> None:
    project_id = await flow.project()
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/valuation-agency-selections"
    body = {"method": "vote", "candidates": ["甲评估", "乙评估"], "selected": "乙评估", "selected_on": "2023-03-10"}
    r = await flow.post(url, body | {"selected": "丙评估"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "selected"]
    selection = await flow.ok(url, body)
    assert await flow.events("valuation_agency_selected") == [
        {"project_id": project_id, "selection_id": selection["id"], **body}
    ]
    report_body = {
        "household_id": household_id,
        "agency": "乙评估",
        "value": "1280000",
        "value_date": "2023-03-02",
        "filed_on": "2023-03-25",
    }
    report = await flow.ok(f"/v1/projects/{project_id}/valuation-reports", report_body)
    assert report["value"] == "1280000.00"
    assert await flow.events("valuation_report_filed") == [
        {"project_id": project_id, "valuation_report_id": report["id"], **report_body, "value": "1280000.00"}
    ]
    other = await flow.household(await flow.project())
    r = await flow.post(f"/v1/projects/{project_id}/valuation-reports", report_body | {"household_id": other})
    assert r.status_code == 404
    listed = await flow.client.get(
        f"/v1/projects/{project_id}/valuation-reports", params={"household_id": household_id}, headers=flow.staff
    )
    assert [x["id"] for x in listed.json()["items"]] == [report["id"]]


async def test_a_land_agreement_is_collective_lands_after_the_plans_approval(flow) -> None:
    body = {
        "collective_organization": "城南村股份经济合作社",
        "area_mu": "332.08",
        "amount": "24906000",
        "signed_on": "2023-04-01",
    }
    state = await flow.project()
    r = await flow.post(f"/v1/projects/{state}/land-agreements", body)
    assert r.status_code == 409 and r.json()["type"] == "/problems/land-type-mismatch"
    collective = await flow.project("collective")
    url = f"/v1/projects/{collective}/land-agreements"
    r = await flow.post(url, body)
    assert r.status_code == 409 and r.json()["missing"] == "plan_approval"
    await flow.approved_plan(collective, approved_on="2023-04-02")
    r = await flow.post(url, body)
    assert r.status_code == 409 and r.json()["missing"] == "plan_approval", "approved after the signing"
    r = await flow.post(url, body | {"signed_on": "2023-04-02"})
    assert r.status_code == 201, r.text
    assert r.json()["amount"] == "24906000.00"
    assert await flow.events("land_agreement_signed") == [
        {
            "project_id": collective,
            "land_agreement_id": r.json()["id"],
            "collective_organization": "城南村股份经济合作社",
            "area_mu": "332.08",
            "amount": "24906000.00",
            "signed_on": "2023-04-02",
        }
    ]


async def test_court_enforcement_after_the_decisions_move_out_deadline(flow) -> None:
    project_id = await flow.project()
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/judicial-procedures"
    body = {"household_id": household_id, "court": "城南区人民法院", "filed_on": "2023-08-16"}
    r = await flow.post(url, body)
    assert r.status_code == 409 and r.json()["missing"] == "compensation_decision"
    await flow.ok(
        f"/v1/projects/{project_id}/compensation-decisions",
        flow.decision_for(household_id, decided_on="2023-07-15", move_out_deadline="2023-08-15"),
    )
    r = await flow.post(url, body | {"filed_on": "2023-08-15"})
    assert r.status_code == 409 and r.json()["type"] == "/problems/move-out-deadline-not-passed"
    assert r.json()["move_out_deadline"] == "2023-08-15"
    r = await flow.post(url, body)
    assert r.status_code == 201, r.text
    assert await flow.events("judicial_procedure_started") == [
        {"project_id": project_id, "procedure_id": r.json()["id"], **body}
    ]
