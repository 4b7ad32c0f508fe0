"""Households, agreements, compensation decisions and move-outs over HTTP on the real
database: each gate refuses (409, naming the missing step) until the step it needs happened
on or before the step's own date, and every step emits its event with every field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


async def test_a_household_is_registered_with_its_areas_and_announced(flow) -> None:
    project_id = await flow.project()
    r = await flow.post(
        f"/v1/projects/{project_id}/households",
        {
            "head_name": "张三",
            "id_number": "110101198001010011",
            "address": "解放路12号",
            "members": 4,
            "registered_area_m2": "86.5",
            "unregistered": [{"area_m2": "12", "classification": "temporary_in_term"}],
            "persons": [{"name": "张三", "id_number": "110101198001010011", "relation": "户主"}],
        },
    )
    assert r.status_code == 201, r.text
    household = r.json()
    assert household["registered_area_m2"] == "86.50" and household["moved_out_on"] is None
    assert household["unregistered"] == [{"area_m2": "12.00", "classification": "temporary_in_term"}]
    assert household["persons"][0]["relation"] == "户主"
    [event] = await flow.events("household_registered")
    assert event == {
        "project_id": project_id,
        "household_id": household["id"],
        "head_name": "张三",
        "id_number": "110101198001010011",
        "address": "解放路12号",
        "members": 4,
        "registered_area_m2": "86.50",
        "unregistered": [{"area_m2": "12.00", "classification": "temporary_in_term"}],
    }
    got = await flow.client.get(f"/v1/households/{household['id']}", headers=flow.staff)
    assert got.json() == household
    listed = await flow.client.get(f"/v1/projects/{project_id}/households", headers=flow.staff)
    assert [h["id"] for h in listed.json()["items"]] == [household["id"]]


@pytest.mark.parametrize(
    ("field", "bad"), [("registered_area_m2", 86.5), ("registered_area_m2", "86.555"), ("members", "4")]
)
async def test_a_household_with_a_float_area_or_a_text_count_is_refused(flow, field, bad) -> None:
    project_id = await flow.project()
    before = await flow.outbox_count()
    r = await flow.post(
        f"/v1/projects/{project_id}/households",
        {"head_name": "张三", "id_number": "1", "address": "a", "members": 4, "registered_area_m2": "1"} | {field: bad},
    )
    assert r.status_code == 422 and r.json()["type"] == "/problems/validation-error"
    assert await flow.outbox_count() == before


async def test_a_state_owned_agreement_needs_the_decision_by_its_signing_day(flow) -> None:
    project_id = await flow.project()
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"

    r = await flow.post(url, flow.agreement(household_id))
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "/problems/step-missing" and r.json()["missing"] == "expropriation_decision"

    await flow.decided(project_id, decided_on="2023-03-01")
    early = await flow.post(url, flow.agreement(household_id, signed_on="2023-02-28"))
    assert early.status_code == 409 and early.json()["missing"] == "expropriation_decision", "decided after signing"
    assert await flow.events("agreement_signed") == []

    r = await flow.post(url, flow.agreement(household_id, signed_on="2023-03-01"))
    assert r.status_code == 201, r.text
    agreement = r.json()
    assert agreement["total"] == "1283000.50" and agreement["kind"] == "monetary"
    assert agreement["items"] == [
        {"item": "house_value", "amount": "1280000.00"},
        {"item": "relocation", "amount": "3000.50"},
    ]
    [event] = await flow.events("agreement_signed")
    assert event == {
        "project_id": project_id,
        "agreement_id": agreement["id"],
        "household_id": household_id,
        "kind": "monetary",
        "area_m2": "86.50",
        "items": agreement["items"],
        "total": "1283000.50",
        "signed_on": "2023-03-01",
        "payment_due_on": "2023-05-10",
        "move_out_deadline": "2023-06-30",
        "entitled_area_m2": None,
        "promised_delivery_on": None,
        "members": 4,
    }
    assert (await flow.client.get(f"/v1/agreements/{agreement['id']}", headers=flow.staff)).json() == agreement


async def test_a_collective_agreement_needs_the_approved_plan_by_its_signing_day(flow) -> None:
    project_id = await flow.project("collective")
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"
    r = await flow.post(url, flow.agreement(household_id))
    assert r.status_code == 409 and r.json()["missing"] == "plan_approval"
    await flow.approved_plan(project_id, approved_on="2023-02-10")
    early = await flow.post(url, flow.agreement(household_id, signed_on="2023-02-09"))
    assert early.status_code == 409 and early.json()["missing"] == "plan_approval"
    assert (await flow.post(url, flow.agreement(household_id, signed_on="2023-02-10"))).status_code == 201


async def test_a_property_exchange_names_its_entitled_area_and_delivery(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"
    for extra, field in [
        ({"kind": "property_exchange", "promised_delivery_on": "2030-12-31"}, "entitled_area_m2"),
        ({"kind": "property_exchange", "entitled_area_m2": "90"}, "promised_delivery_on"),
        ({"entitled_area_m2": "90"}, "entitled_area_m2"),
        ({"payment_due_on": "2023-04-09"}, "payment_due_on"),
        ({"items": [{"item": "reward", "amount": "0"}]}, "items"),
    ]:
        r = await flow.post(url, flow.agreement(household_id, **extra))
        assert r.status_code == 422, (extra, r.text)
        assert r.json()["type"] == "/problems/compensation-invalid" and r.json()["errors"][0]["loc"][-1] == field
    assert await flow.events("agreement_signed") == []
    r = await flow.post(
        url,
        flow.agreement(
            household_id, kind="property_exchange", entitled_area_m2="90", promised_delivery_on="2030-12-31"
        ),
    )
    assert r.status_code == 201, r.text
    [event] = await flow.events("agreement_signed")
    assert event["entitled_area_m2"] == "90.00" and event["promised_delivery_on"] == "2030-12-31"
    assert event["kind"] == "property_exchange" and event["members"] == 4


async def test_a_step_dated_in_the_future_is_refused_while_deadlines_may_be(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    r = await flow.post(f"/v1/projects/{project_id}/agreements", flow.agreement(household_id, signed_on="2999-01-01"))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "signed_on"]
    r = await flow.post(
        f"/v1/projects/{project_id}/agreements",
        flow.agreement(household_id, payment_due_on="2999-01-01", move_out_deadline="2999-01-01"),
    )
    assert r.status_code == 201, r.text


async def test_a_household_signs_one_agreement(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    url = f"/v1/projects/{project_id}/agreements"
    assert (await flow.post(url, flow.agreement(household_id))).status_code == 201
    again = await flow.post(url, flow.agreement(household_id, signed_on="2023-04-11"))
    assert again.status_code == 409 and again.json()["type"] == "/problems/agreement-exists"
    assert again.json()["household_id"] == household_id
    assert len(await flow.events("agreement_signed")) == 1


async def test_an_agreement_for_another_projects_household_is_not_found(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    other = await flow.household(await flow.project())
    r = await flow.post(f"/v1/projects/{project_id}/agreements", flow.agreement(other))
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"


async def test_a_compensation_decision_only_for_a_household_without_agreement(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    signed, unsigned = await flow.household(project_id), await flow.household(project_id)
    await flow.ok(f"/v1/projects/{project_id}/agreements", flow.agreement(signed, signed_on="2023-04-10"))
    url = f"/v1/projects/{project_id}/compensation-decisions"

    r = await flow.post(url, flow.decision_for(signed, decided_on="2023-04-10"))
    assert r.status_code == 409 and r.json()["type"] == "/problems/agreement-exists"
    # A decision made before the household signed (records entered late) is judged by its date.
    assert (await flow.post(url, flow.decision_for(signed, decided_on="2023-04-09"))).status_code == 201

    r = await flow.post(url, flow.decision_for(unsigned))
    assert r.status_code == 201, r.text
    decision = r.json()
    assert decision["total"] == "1283000.50"
    again = await flow.post(url, flow.decision_for(unsigned))
    assert again.status_code == 409 and again.json()["type"] == "/problems/step-already-recorded"
    events = await flow.events("compensation_decision_made")
    assert events[-1] == {
        "project_id": project_id,
        "decision_id": decision["id"],
        "household_id": unsigned,
        "area_m2": "86.50",
        "items": decision["items"],
        "total": "1283000.50",
        "decided_on": "2023-07-15",
        "move_out_deadline": "2023-08-15",
    }
    listed = await flow.client.get(url, params={"household_id": unsigned}, headers=flow.staff)
    assert [d["id"] for d in listed.json()["items"]] == [decision["id"]]


async def test_a_move_out_needs_an_agreement_or_a_decision_by_its_day(flow) -> None:
    project_id = await flow.project()
    await flow.decided(project_id)
    household_id = await flow.household(project_id)
    url = f"/v1/households/{household_id}/move-out"

    r = await flow.post(url, {"moved_out_on": "2023-05-01"})
    assert r.status_code == 409 and r.json()["missing"] == "agreement_or_compensation_decision"
    assert r.json()["household_id"] == household_id

    await flow.ok(f"/v1/projects/{project_id}/agreements", flow.agreement(household_id, signed_on="2023-04-10"))
    early = await flow.post(url, {"moved_out_on": "2023-04-09"})
    assert early.status_code == 409 and early.json()["missing"] == "agreement_or_compensation_decision"

    r = await flow.post(url, {"moved_out_on": "2023-04-20"})
    assert r.status_code == 200, r.text
    assert r.json()["moved_out_on"] == "2023-04-20"
    got = await flow.client.get(f"/v1/households/{household_id}", headers=flow.staff)
    assert got.json()["moved_out_on"] == "2023-04-20", "a household's move-out is part of it"
    assert await flow.events("household_moved_out") == [
        {"project_id": project_id, "household_id": household_id, "moved_out_on": "2023-04-20"}
    ]
    again = await flow.post(url, {"moved_out_on": "2023-04-21"})
    assert again.status_code == 409 and again.json()["step"] == "move_out"
    moved = await flow.client.get(
        f"/v1/projects/{project_id}/households", params={"moved_out": True}, headers=flow.staff
    )
    assert [h["id"] for h in moved.json()["items"]] == [household_id]
    staying = await flow.client.get(
        f"/v1/projects/{project_id}/households", params={"moved_out": False}, headers=flow.staff
    )
    assert staying.json()["items"] == []


async def test_a_move_out_under_a_compensation_decision(flow) -> None:
    project_id = await flow.project()
    household_id = await flow.household(project_id)
    await flow.ok(f"/v1/projects/{project_id}/compensation-decisions", flow.decision_for(household_id))
    url = f"/v1/households/{household_id}/move-out"
    assert (await flow.post(url, {"moved_out_on": "2023-07-14"})).status_code == 409
    assert (await flow.post(url, {"moved_out_on": "2023-07-15"})).status_code == 200
