"""The center's whole work end to end (DESIGN §7), as the departments do it over HTTP: one
state-owned project from risk assessment to settlement request, its money paid out through
maker-checker, its household resettled, and the audit trail's proof, disclosure and annual
report computed from what the other three services published. Real processes, the real
broker, real databases; every wait is on an event."""

from __future__ import annotations

import base64
import hashlib
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.support import bearer

pytestmark = pytest.mark.e2e

WAIT = {"Prefer": "wait=20"}
PAID_AND_DELIVERED = ("expro.fund.disbursement_paid.v1", "expro.housing.unit_delivered.v1")


def _leaf(canonical: str) -> bytes:
    return hashlib.sha256(b"\x00" + canonical.encode()).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _root_from_inclusion(leaf: bytes, index: int, size: int, path: list[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2, written here from the RFC (independent of audit-svc's code)."""
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise AssertionError("path too long")
        if fn % 2 == 1 or fn == sn:
            r = _node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    assert sn == 0
    return r


async def test_a_project_from_risk_assessment_to_the_annual_report(api, events, lead) -> None:
    staff = bearer("staff-1", "center_staff")
    finance_a, finance_b, finance_c = (bearer(f"finance-{x}", "finance") for x in "abc")
    housing = bearer("housing-1", "housing_admin")
    auditor = bearer("auditor-1", "auditor")
    c = api.client
    P, F, H, A = api.project, api.fund, api.housing, api.audit
    # The business year of every step below: the report's figures for it before and after
    # this project differ by exactly this project (no other test dates its steps in 2016).
    before = (await c.get(f"{A}/v1/reports/annual/2016", headers=auditor)).json()

    # A budgeted project, its deposit, and the task order issued (the saga).
    r = await c.post(
        f"{P}/v1/projects",
        json={
            "code": f"ZS-{time.monotonic_ns()}",
            "name": "城南片区旧城改造项目",
            "land_type": "state_owned",
            "district": "城南区",
            "owner_unit": "城投公司",
            "planned_households": 1,
            "planned_area_m2": "120.00",
        },
        headers=lead,
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    items = [
        {"category": "compensation", "amount": "900000.00"},
        {"category": "temporary_resettlement", "amount": "50000.00"},
    ]
    assert (await c.put(f"{P}/v1/projects/{pid}/budget", json={"items": items}, headers=lead)).status_code == 200
    await events.wait_for("expro.fund.account_opened.v1", project_id=pid)
    assert (await api.deposit(finance_a, pid, "950000.00", f"DEP-{pid}", f"{pid}-dep")).status_code == 201
    tid = await api.new_task_order(lead, pid)

    # The decision needs its steps: refused, naming what is missing, until they exist.
    decision = {"document_no": "城南征〔2016〕1号", "decided_on": "2016-02-20", "announced_on": "2016-02-21"}
    r = await c.post(f"{P}/v1/projects/{pid}/decision", json=decision, headers=lead)
    assert r.status_code == 409, r.text
    r = await c.post(
        f"{P}/v1/projects/{pid}/risk-assessments",
        json={"level": "low", "assessed_on": "2015-12-01", "summary": "风险可控"},
        headers=staff,
    )
    assert r.status_code == 201, r.text
    r = await c.post(
        f"{P}/v1/projects/{pid}/compensation-plans",
        json={
            "title": "城南片区征收补偿方案",
            "summary": "按市场评估价补偿",
            "standards": [{"item": "住宅", "rule": "评估价"}],
        },
        headers=staff,
    )
    assert r.status_code == 201, r.text
    plan = r.json()["id"]
    r = await c.post(
        f"{P}/v1/compensation-plans/{plan}/publish",
        json={"comment_from": "2016-01-01", "comment_until": "2016-01-31"},
        headers=staff,
    )
    assert r.status_code == 200 or r.status_code == 201, r.text
    r = await c.post(
        f"{P}/v1/compensation-plans/{plan}/comments",
        json={"author": "居民甲", "agrees": True, "content": "同意", "submitted_on": "2016-01-10"},
        headers=staff,
    )
    assert r.status_code == 201, r.text
    r = await c.post(
        f"{P}/v1/compensation-plans/{plan}/approve", json={"approved_on": "2016-02-05", "changes": "无"}, headers=lead
    )
    assert r.status_code in (200, 201), r.text
    r = await c.post(f"{P}/v1/projects/{pid}/decision", json=decision, headers=lead)
    assert r.status_code == 409, r.text  # funding not yet confirmed: no issued task order
    r = await c.post(f"{P}/v1/task-orders/{tid}/issue", headers=lead | WAIT)
    assert r.status_code == 200, r.text
    r = await c.post(f"{P}/v1/projects/{pid}/decision", json=decision, headers=lead)
    assert r.status_code == 201, r.text

    # The household, its property-exchange agreement, and the money it is owed.
    r = await c.post(
        f"{P}/v1/projects/{pid}/households",
        json={
            "head_name": "张三",
            "id_number": "431202198001011234",
            "address": "城南路1号",
            "members": 3,
            "registered_area_m2": "120.00",
            "unregistered": [],
        },
        headers=staff,
    )
    assert r.status_code == 201, r.text
    hid = r.json()["id"]
    agreement = {
        "household_id": hid,
        "kind": "property_exchange",
        "area_m2": "120.00",
        "items": [{"item": "house_value", "amount": "600000.00"}, {"item": "relocation", "amount": "5000.00"}],
        "signed_on": "2016-03-01",
        "payment_due_on": "2016-04-01",
        "move_out_deadline": "2016-04-15",
        "entitled_area_m2": "90.00",
        "promised_delivery_on": "2024-12-31",
    }
    r = await c.post(f"{P}/v1/projects/{pid}/agreements", json=agreement, headers=staff)
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    assert r.json()["total"] == "605000.00"
    assert (await c.post(f"{P}/v1/projects/{pid}/agreements", json=agreement, headers=staff)).status_code == 409

    await events.wait_for("expro.fund.payable_created.v1", agreement_id=aid)
    r = await c.get(f"{F}/v1/projects/{pid}/payables", headers=finance_a)
    assert r.status_code == 200, r.text
    [payable] = r.json()["items"]
    assert (payable["amount"], payable["agreement_id"]) == ("605000.00", aid)

    # Money leaves only through request → review → approval → pay, each by another person.
    r = await c.post(
        f"{F}/v1/projects/{pid}/disbursements",
        json={
            "category": "compensation",
            "amount": "605000.00",
            "payee": "张三",
            "purpose": "房屋征收补偿款",
            "household_id": hid,
            "agreement_id": aid,
            "requested_on": "2016-03-10",
        },
        headers=finance_a | {"Idempotency-Key": f"{pid}-d1"},
    )
    assert r.status_code == 201, r.text
    did = r.json()["id"]
    assert r.json()["status"] == "requested"
    review = f"{F}/v1/disbursements/{did}/review"
    r = await c.post(review, json={"approve": True, "comment": "自审"}, headers=finance_a)
    assert r.status_code in (403, 409), r.text  # the requester may not review
    r = await c.post(
        review, json={"approve": True, "comment": "材料齐全", "reviewed_on": "2016-03-11"}, headers=finance_b
    )
    assert r.status_code == 200 and r.json()["status"] == "reviewed", r.text  # over the leader threshold
    r = await c.post(
        f"{F}/v1/disbursements/{did}/approve", json={"comment": "同意", "approved_on": "2016-03-12"}, headers=lead
    )
    assert r.status_code == 200 and r.json()["status"] == "approved", r.text
    r = await c.post(
        f"{F}/v1/disbursements/{did}/pay",
        json={"paid_on": "2016-03-20", "bank_reference": f"PAY-{did}"},
        headers=finance_c,  # neither the requester nor the reviewer
    )
    assert r.status_code == 200 and r.json()["status"] == "paid", r.text
    await events.wait_for("expro.fund.disbursement_paid.v1", disbursement_id=did)
    account = (await c.get(f"{F}/v1/projects/{pid}/account", headers=finance_a)).json()
    assert (account["deposited"], account["paid"], account["held"]) == ("950000.00", "605000.00", "0.00")

    # Resettlement housing: eligibility from the agreement, a unit chosen, delivered.
    grant = await events.wait_for("expro.housing.eligibility_granted.v1", project_id=pid)
    eid = grant.data["eligibility_id"]
    community = f"城南安置小区{time.monotonic_ns()}"
    csv = (
        "community,building,unit_no,floor,layout,area_m2,resettlement_price_per_m2,market_price_per_m2,completed_on\n"
        f"{community},1,101,1,三室一厅,95.00,3000.00,9000.00,2016-06-30\n"
    )
    r = await c.post(f"{H}/v1/units/import", files={"file": ("units.csv", csv, "text/csv")}, headers=housing)
    assert r.status_code == 201, r.text
    [uid] = r.json()["unit_ids"]
    r = await c.post(
        f"{H}/v1/selection-rounds",
        json={
            "project_ids": [pid],
            "ordering": "signing_order",
            "starts_at": "2016-07-01T09:00:00+08:00",
            "turn_minutes": 30,
        },
        headers=housing,
    )
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    r = await c.post(
        f"{H}/v1/selection-rounds/{rid}/choices",
        json={"eligibility_id": eid, "unit_id": uid, "chosen_on": "2016-07-01"},
        headers=housing,
    )
    assert r.status_code == 201, r.text
    allocation = r.json()["id"]
    r = await c.get(f"{H}/v1/allocations/{allocation}/price-difference", headers=housing)
    assert r.status_code == 200, r.text
    r = await c.post(f"{H}/v1/units/{uid}/delivery", json={"delivered_on": "2016-09-30"}, headers=housing)
    assert r.status_code in (200, 201), r.text
    await events.wait_for("expro.housing.unit_delivered.v1", unit_id=uid)

    # Move-out, demolition, clearance, settlement request — each gated on the one before.
    r = await c.post(f"{P}/v1/projects/{pid}/settlement", json={"requested_on": "2016-06-01"}, headers=staff)
    assert r.status_code == 409, r.text  # land not cleared
    demolition = {
        "demolished_on": "2016-05-01",
        "area_m2": "120.00",
        "buildings": 1,
        "household_ids": [hid],
        "contractor": "城南拆除公司",
    }
    r = await c.post(f"{P}/v1/projects/{pid}/demolitions", json=demolition, headers=staff)
    assert r.status_code == 409, r.text  # the household has not moved out
    r = await c.post(f"{P}/v1/households/{hid}/move-out", json={"moved_out_on": "2016-04-10"}, headers=staff)
    assert r.status_code in (200, 201), r.text
    assert (await c.post(f"{P}/v1/projects/{pid}/demolitions", json=demolition, headers=staff)).status_code == 201
    r = await c.post(
        f"{P}/v1/projects/{pid}/clearances", json={"cleared_on": "2016-05-20", "area_mu": "0.18"}, headers=staff
    )
    assert r.status_code == 201, r.text
    r = await c.post(f"{P}/v1/projects/{pid}/settlement", json={"requested_on": "2016-06-01"}, headers=staff)
    assert r.status_code in (200, 201), r.text
    last = await events.wait_for("expro.project.settlement_requested.v1", project_id=pid)

    # The trail: the agreement's record is in the signed log, provably.
    await events.wait_for("expro.audit.record_sealed.v1", event_id=last.id)
    signed = await events.wait_for("expro.project.agreement_signed.v1", agreement_id=aid)
    record = (await c.get(f"{A}/v1/audit/records/{signed.id}", headers=auditor)).json()
    assert _leaf(record["canonical"]).hex() == record["leaf_hash"]
    checkpoint = (await c.get(f"{A}/v1/audit/checkpoints/latest")).json()
    size = checkpoint["tree_size"]
    assert size > record["leaf_index"]
    proof = (await c.get(f"{A}/v1/audit/records/{signed.id}/inclusion-proof", params={"tree_size": size})).json()
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    root = _root_from_inclusion(bytes.fromhex(record["leaf_hash"]), record["leaf_index"], size, path)
    assert root.hex() == checkpoint["root_hash"]
    key = (await c.get(f"{A}/v1/audit/checkpoints/key")).json()
    vkey = key["key"] if isinstance(key, dict) else key
    name, _, encoded = vkey.split("+", 2)  # <name>+<hex key hash>+<base64>, and base64 may hold "+"
    public = base64.b64decode(encoded)[1:]
    body, _, signatures = checkpoint["note"].partition("\n\n")
    assert body.splitlines()[1:3] == [str(size), base64.b64encode(root).decode()]
    for line in signatures.splitlines():
        if line.startswith(f"— {name} "):
            sig = base64.b64decode(line.split(" ")[2])[4:]
            Ed25519PublicKey.from_public_bytes(public).verify(sig, (body + "\n").encode())
            break
    else:
        raise AssertionError(f"no signature by {name} in {checkpoint['note']!r}")

    # Public disclosure, without a token, masked.
    r = await c.get(f"{A}/v1/public/projects/{pid}/disclosure")
    assert r.status_code == 200, r.text
    assert "张三" not in r.text and "431202198001011234" not in r.text
    assert "张*" in r.text and "4312**********1234" in r.text

    # The annual report counts this project by its business dates, from the trail alone.
    [imported] = [e for e in events.matching("expro.housing.units_imported.v1") if e.data["units"][0]["unit_id"] == uid]
    for event in (imported, *(events.matching(t, project_id=pid)[-1] for t in PAID_AND_DELIVERED)):
        await events.wait_for("expro.audit.record_sealed.v1", event_id=event.id)
    r = await c.get(f"{A}/v1/reports/annual/2016", headers=auditor)
    assert r.status_code == 200, r.text
    after = r.json()

    def grew(group: str, key: str) -> object:
        was, now = before[group][key], after[group][key]
        if isinstance(now, int):
            return now - was
        cents = int(now.replace(".", "")) - int(was.replace(".", ""))  # two decimals, never floats
        return f"{cents // 100}.{cents % 100:02d}"

    assert grew("state_owned", "households_expropriated") == 1
    assert grew("state_owned", "area_m2") == "120.00"
    assert grew("state_owned", "compensation_paid") == "605000.00"
    assert grew("state_owned", "demolished_area_m2") == "120.00"
    assert grew("state_owned", "land_cleared_mu") == "0.18"
    assert grew("state_owned", "projects_cleared") == 1
    assert grew("resettlement_housing", "units_completed") == 1
    assert after["text_zh"].startswith("2016年") and "㎡" in after["text_zh"]
    pdf = await c.get(f"{A}/v1/reports/annual/2016", headers=auditor | {"Accept": "application/pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
