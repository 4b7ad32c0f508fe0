"""Selection rounds over HTTP: the commit-reveal lottery, recomputed here with hashlib
alone from what verifySelectionOrder publishes, and signing-order rounds."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

import pytest
from sqlmodel import select

from expro_shared.tables import OutboxRecord
from tests.support import bearer, project_registered

pytestmark = pytest.mark.db
ADMIN = bearer("housing-01", "housing_admin")
STAFF = bearer("staff-01", "center_staff")
BEACON = "上证综指 2024-03-01 收盘 3027.02"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def households(project, agreement, n: int, **kw):  # type: ignore[no-untyped-def]
    reg = project_registered()
    await project(reg, *(agreement(reg.subject, signed_on=date(2023, 3, 10 - i), **kw) for i in range(n)))
    return reg.subject


async def lottery_round(client, pid: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    body = {"project_ids": [pid], "ordering": "lottery", "starts_at": "2024-03-01T09:00:00+08:00", "turn_minutes": 10}
    r = await client.post("/v1/selection-rounds", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_a_lottery_is_committed_drawn_once_and_recomputable_by_anyone(app, client, project, agreement) -> None:
    pid = await households(project, agreement, 5)
    rnd = await lottery_round(client, pid)
    assert rnd["status"] == "open" and rnd["project_ids"] == [pid]
    rid = rnd["id"]
    seed = secrets.token_hex(32)
    commitment = sha(bytes.fromhex(seed))

    r = await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": BEACON}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/lottery-not-committed"
    r = await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)
    assert r.status_code == 409 and r.json()["type"] == "/problems/order-not-drawn"

    r = await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
    assert r.status_code == 200, r.text
    committed = r.json()
    assert committed["status"] == "committed" and committed["seed_commitment"] == commitment
    eligible = (await client.get("/v1/eligibilities", headers=STAFF, params={"project_id": pid})).json()["items"]
    ids = sorted(e["id"] for e in eligible)
    assert committed["roster_hash"] == sha("\n".join(ids).encode())

    r = await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/lottery-already-committed"
    await project(agreement(pid))  # eligible after the commitment: waits for the next round

    wrong = secrets.token_hex(32)
    r = await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": wrong, "beacon": BEACON}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["type"] == "/problems/seed-mismatch"
    r = await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": BEACON}, headers=ADMIN)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "drawn"
    r = await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": "another"}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/lottery-already-drawn"

    proof = (await client.get(f"/v1/selection-rounds/{rid}/verification", headers=STAFF)).json()
    # Anyone's recomputation, from the published material and the recipe alone:
    assert proof["roster"] == ids
    assert sha("\n".join(proof["roster"]).encode()) == proof["roster_hash"]
    assert sha(bytes.fromhex(proof["seed"])) == proof["seed_commitment"] == commitment
    draw_seed = sha(bytes.fromhex(proof["seed"]) + proof["beacon"].encode("utf-8"))
    assert draw_seed == proof["draw_seed"]
    tickets = {e: sha(f"{draw_seed}:{e}".encode()) for e in ids}
    assert sorted(ids, key=lambda e: tickets[e]) == proof["order"]
    assert {t["eligibility_id"]: t["ticket"] for t in proof["tickets"]} == tickets
    assert proof["roster_hash_matches"] and proof["commitment_matches"] and proof["order_matches"]

    order = (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()
    assert [t["eligibility_id"] for t in order["items"]] == proof["order"]
    assert [t["position"] for t in order["items"]] == [1, 2, 3, 4, 5]
    assert order["items"][1]["turn_starts_at"] == "2024-03-01T01:10:00Z"
    assert {t["state"] for t in order["items"]} == {"waiting"}

    async with app.state.runtime.db.sessionmaker() as session:
        types = [o.event_type for o in (await session.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()]
    assert [t for t in types if "selection" in t or "lottery" in t] == [
        "expro.housing.selection_round_created.v1",
        "expro.housing.lottery_committed.v1",
        "expro.housing.selection_round_drawn.v1",
    ]


async def test_a_signing_order_round_orders_by_signing_day_at_creation(client, project, agreement) -> None:
    pid = await households(project, agreement, 3)  # signed 10, 9, 8 March
    body = {
        "project_ids": [pid],
        "ordering": "signing_order",
        "starts_at": "2024-03-01T09:00:00+08:00",
        "turn_minutes": 5,
    }
    r = await client.post("/v1/selection-rounds", json=body, headers=ADMIN)
    assert r.status_code == 201 and r.json()["status"] == "ordered"
    rid = r.json()["id"]
    r = await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": "0" * 64}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/round-not-lottery"

    order = (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()["items"]
    eligibilities = {
        e["id"]: e["signed_on"] for e in (await client.get("/v1/eligibilities", headers=STAFF)).json()["items"]
    }
    assert [eligibilities[t["eligibility_id"]] for t in order] == ["2023-03-08", "2023-03-09", "2023-03-10"]
    proof = (await client.get(f"/v1/selection-rounds/{rid}/verification", headers=STAFF)).json()
    assert proof["order_matches"] and proof["roster_hash_matches"] and proof["commitment_matches"] is None


async def test_a_round_without_eligible_households_is_refused(client, project, agreement) -> None:
    reg = project_registered()
    await project(reg)
    body = {
        "project_ids": [reg.subject],
        "ordering": "signing_order",
        "starts_at": "2024-03-01T09:00:00Z",
        "turn_minutes": 5,
    }
    r = await client.post("/v1/selection-rounds", json=body, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/roster-empty"
    rnd = await lottery_round(client, reg.subject)
    r = await client.post(
        f"/v1/selection-rounds/{rnd['id']}/commitment", json={"seed_commitment": "a" * 64}, headers=ADMIN
    )
    assert r.status_code == 409 and r.json()["type"] == "/problems/roster-empty"


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"project_ids": []}, ["body", "project_ids"]),
        ({"ordering": "random"}, ["body", "ordering"]),
        ({"turn_minutes": 0}, ["body", "turn_minutes"]),
        ({"starts_at": "2024-03-01T09:00:00"}, ["body", "starts_at"]),
    ],
)
async def test_a_bad_round_is_refused(client, project, agreement, change, loc) -> None:
    pid = await households(project, agreement, 1)
    body = {"project_ids": [pid], "ordering": "lottery", "starts_at": "2024-03-01T09:00:00Z", "turn_minutes": 5}
    r = await client.post("/v1/selection-rounds", json=body | change, headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][:2] == loc, r.text


async def test_a_round_of_an_unknown_project_is_refused(client) -> None:
    body = {"project_ids": ["nope"], "ordering": "lottery", "starts_at": "2024-03-01T09:00:00Z", "turn_minutes": 5}
    r = await client.post("/v1/selection-rounds", json=body, headers=ADMIN)
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"


async def test_owner_units_see_only_rounds_of_their_projects(client, project, agreement) -> None:
    pid = await households(project, agreement, 1)
    rnd = await lottery_round(client, pid)
    mine, other = bearer("o", "owner_unit", org="城投公司"), bearer("o", "owner_unit", org="其他公司")
    assert (await client.get(f"/v1/selection-rounds/{rnd['id']}", headers=mine)).status_code == 200
    assert (await client.get(f"/v1/selection-rounds/{rnd['id']}", headers=other)).status_code == 404
    assert (await client.get("/v1/selection-rounds", headers=other)).json()["items"] == []
    assert [r["id"] for r in (await client.get("/v1/selection-rounds", headers=mine)).json()["items"]] == [rnd["id"]]


async def test_a_short_or_malformed_seed_is_refused(client, project, agreement) -> None:
    pid = await households(project, agreement, 1)
    rnd = await lottery_round(client, pid)
    for seed in ("00ff", "XYZ" * 12, "abc"):
        r = await client.post(
            f"/v1/selection-rounds/{rnd['id']}/draw", json={"seed": seed, "beacon": "b"}, headers=ADMIN
        )
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "seed"]


async def test_hex_in_capitals_is_the_same_seed_and_commitment(client, project, agreement) -> None:
    pid = await households(project, agreement, 2)
    rnd = await lottery_round(client, pid)
    seed = secrets.token_hex(16)
    commitment = sha(bytes.fromhex(seed)).upper()
    r = await client.post(
        f"/v1/selection-rounds/{rnd['id']}/commitment", json={"seed_commitment": commitment}, headers=ADMIN
    )
    assert r.status_code == 200 and r.json()["seed_commitment"] == commitment.lower()
    r = await client.post(
        f"/v1/selection-rounds/{rnd['id']}/draw", json={"seed": seed.upper(), "beacon": BEACON}, headers=ADMIN
    )
    assert r.status_code == 200, r.text
    proof = (await client.get(f"/v1/selection-rounds/{rnd['id']}/verification", headers=STAFF)).json()
    assert proof["seed"] == seed and proof["commitment_matches"] and proof["order_matches"]
