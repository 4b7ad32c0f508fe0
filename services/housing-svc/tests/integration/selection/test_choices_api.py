"""Choosing units over HTTP: turns and windows, taken units, the entitlement, repeats,
skips, the price difference and delivery, on the real database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from expro_shared.requests import CENTER_TZ
from expro_shared.tables import OutboxRecord
from tests.support import bearer, project_registered

pytestmark = pytest.mark.db
ADMIN = bearer("housing-01", "housing_admin")
STAFF = bearer("staff-01", "center_staff")
#: A round entered after the fact: it began on 1 March 2024 (Shanghai), every window has passed.
PAST = datetime(2024, 3, 1, 1, 0, tzinfo=UTC)


async def drawn_round(client, project, agreement, upload, make_csv, row, *, n, starts_at, turn_minutes, areas):  # type: ignore[no-untyped-def]
    """A project with ``n`` eligible households (entitled 90 ㎡), units of ``areas``, and a
    drawn lottery round: (round id, eligibility ids in order, unit ids)."""
    reg = project_registered()
    await project(reg, *(agreement(reg.subject) for _ in range(n)))
    imported = await upload(make_csv(*(row(f"1-{i}", area=a) for i, a in enumerate(areas))))
    assert imported.status_code == 201, imported.text
    body = {
        "project_ids": [reg.subject],
        "ordering": "lottery",
        "starts_at": starts_at.isoformat(),
        "turn_minutes": turn_minutes,
    }
    rid = (await client.post("/v1/selection-rounds", json=body, headers=ADMIN)).json()["id"]
    seed = secrets.token_hex(16)
    commitment = hashlib.sha256(bytes.fromhex(seed)).hexdigest()
    assert (
        await client.post(f"/v1/selection-rounds/{rid}/commitment", json={"seed_commitment": commitment}, headers=ADMIN)
    ).status_code == 200
    assert (
        await client.post(f"/v1/selection-rounds/{rid}/draw", json={"seed": seed, "beacon": "b"}, headers=ADMIN)
    ).status_code == 200
    order = (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()["items"]
    return rid, [t["eligibility_id"] for t in order], imported.json()["unit_ids"]


def now() -> datetime:
    return datetime.now(UTC)


async def choose(client, rid, eligibility_id, unit_id, **extra):  # type: ignore[no-untyped-def]
    body = {"eligibility_id": eligibility_id, "unit_id": unit_id} | extra
    return await client.post(f"/v1/selection-rounds/{rid}/choices", json=body, headers=ADMIN)


@pytest.fixture
def setup(client, project, agreement, upload, make_csv, row):  # type: ignore[no-untyped-def]
    async def _setup(**kw):  # type: ignore[no-untyped-def]
        return await drawn_round(client, project, agreement, upload, make_csv, row, **kw)

    return _setup


async def test_households_choose_in_turn_once_each(app, client, setup) -> None:
    rid, order, units = await setup(n=3, starts_at=now() - timedelta(minutes=1), turn_minutes=60, areas=["88.00"] * 3)

    r = await choose(client, rid, order[1], units[0])
    assert r.status_code == 409 and r.json()["type"] == "/problems/out-of-turn"
    assert r.json()["waiting_for"] == [order[0]] and r.json()["position"] == 2

    early = await choose(client, rid, order[0], units[0], chosen_on="2024-03-01")
    assert early.status_code == 422 and early.json()["errors"][0]["loc"] == ["body", "chosen_on"]  # before the round
    first = await choose(client, rid, order[0], units[0])
    assert first.status_code == 201, first.text
    allocation = first.json()
    today = datetime.now(CENTER_TZ).date().isoformat()
    assert (allocation["unit_id"], allocation["chosen_on"], allocation["area_m2"]) == (units[0], today, "88.00")
    again = await choose(client, rid, order[0], units[0])
    assert again.status_code == 200 and again.json()["id"] == allocation["id"]
    other = await choose(client, rid, order[0], units[1])
    assert other.status_code == 409 and other.json()["type"] == "/problems/already-allocated"

    taken = await choose(client, rid, order[1], units[0])
    assert taken.status_code == 409 and taken.json()["type"] == "/problems/unit-taken"
    assert (await choose(client, rid, order[1], units[1])).status_code == 201

    unit = (await client.get(f"/v1/units/{units[0]}", headers=STAFF)).json()
    assert unit["status"] == "allocated"
    listed = (await client.get("/v1/allocations", headers=STAFF, params={"round_id": rid})).json()["items"]
    assert [a["eligibility_id"] for a in listed] == order[:2]
    states = [
        t["state"] for t in (await client.get(f"/v1/selection-rounds/{rid}/order", headers=STAFF)).json()["items"]
    ]
    assert states == ["chosen", "chosen", "waiting"]

    async with app.state.runtime.db.sessionmaker() as session:
        types = [o.event_type for o in (await session.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()]
    assert types.count("expro.housing.unit_allocated.v1") == 2
    assert types.count("expro.housing.price_difference_assessed.v1") == 2


async def test_a_round_not_started_is_out_of_turn_for_everyone(client, setup) -> None:
    rid, order, units = await setup(n=1, starts_at=now() + timedelta(hours=1), turn_minutes=10, areas=["88.00"])
    r = await choose(client, rid, order[0], units[0])
    assert r.status_code == 409 and r.json()["type"] == "/problems/out-of-turn"


async def test_passed_windows_and_skips_let_the_next_household_choose(client, setup) -> None:
    rid, order, units = await setup(n=4, starts_at=now() - timedelta(minutes=90), turn_minutes=60, areas=["88.00"] * 4)
    # household 1's window has passed, household 2 is in its window:
    r = await choose(client, rid, order[2], units[0])
    assert r.status_code == 409 and r.json()["waiting_for"] == [order[1]]
    skipped = await client.post(f"/v1/selection-rounds/{rid}/skips", json={"eligibility_id": order[1]}, headers=ADMIN)
    assert skipped.status_code == 200 and skipped.json()["state"] == "skipped"
    again = await client.post(f"/v1/selection-rounds/{rid}/skips", json={"eligibility_id": order[1]}, headers=ADMIN)
    assert again.status_code == 409 and again.json()["type"] == "/problems/turn-already-used"
    assert (await choose(client, rid, order[2], units[0])).status_code == 201
    r = await choose(client, rid, order[1], units[1])
    assert r.status_code == 409 and r.json()["type"] == "/problems/turn-already-used"
    assert (await choose(client, rid, order[0], units[1])).status_code == 201  # late, but it may still choose


async def test_a_unit_over_the_entitlement_is_refused(client, setup) -> None:
    rid, order, units = await setup(
        n=1, starts_at=now() - timedelta(minutes=1), turn_minutes=10, areas=["105.01", "105.00"]
    )
    r = await choose(client, rid, order[0], units[0])
    assert r.status_code == 409 and r.json()["type"] == "/problems/over-entitlement"
    assert (r.json()["entitled_area_m2"], r.json()["max_area_m2"], r.json()["unit_area_m2"]) == (
        "90.00",
        "105.00",
        "105.01",
    )
    assert (await choose(client, rid, order[0], units[1])).status_code == 201


async def test_someone_not_on_the_roster_cannot_choose(client, setup, project, agreement) -> None:
    rid, _, units = await setup(n=1, starts_at=now() - timedelta(minutes=1), turn_minutes=10, areas=["88.00"])
    r = await choose(client, rid, "someone-else", units[0])
    assert r.status_code == 409 and r.json()["type"] == "/problems/not-on-roster"


async def test_the_price_difference_has_its_tiers(client, setup) -> None:
    rid, order, units = await setup(n=2, starts_at=now() - timedelta(hours=3), turn_minutes=1, areas=["98.00", "80.00"])
    bigger = (await choose(client, rid, order[0], units[0])).json()
    smaller = (await choose(client, rid, order[1], units[1])).json()

    r = await client.get(f"/v1/allocations/{bigger['id']}/price-difference", headers=STAFF)
    assert r.status_code == 200
    diff = r.json()
    tiers = {t["tier"]: (t["area_m2"], t["price_per_m2"], t["amount"], t["payable"]) for t in diff["tiers"]}
    assert tiers == {
        "entitled": ("90.00", "4800.00", "432000.00", "covered"),
        "within_tolerance": ("5.00", "4800.00", "24000.00", "household_pays"),
        "beyond": ("3.00", "12500.00", "37500.00", "household_pays"),
        "shortfall": ("0.00", "4800.00", "0.00", "household_receives"),
    }
    assert (diff["household_pays"], diff["household_receives"]) == ("61500.00", "0.00")
    assert bigger["household_pays"] == "61500.00"

    diff = (await client.get(f"/v1/allocations/{smaller['id']}/price-difference", headers=STAFF)).json()
    assert (diff["household_pays"], diff["household_receives"]) == ("0.00", "48000.00")


async def test_a_unit_is_delivered_once_after_it_was_chosen_and_completed(app, client, setup) -> None:
    rid, order, units = await setup(n=1, starts_at=PAST, turn_minutes=10, areas=["88.00", "88.00"])
    r = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2024-06-01"}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/unit-not-allocated"

    assert (await choose(client, rid, order[0], units[0], chosen_on="2024-03-01")).status_code == 201
    r = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2024-02-28"}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["type"] == "/problems/delivery-too-early"
    assert r.json()["earliest"] == "2024-03-01"
    r = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2999-01-01"}, headers=ADMIN)
    assert r.status_code == 422

    r = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2024-07-01"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    assert (r.json()["delivered_on"], r.json()["delivered_late"]) == ("2024-07-01", True)  # promised 2024-06-30
    again = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2024-07-01"}, headers=ADMIN)
    assert again.status_code == 200
    other = await client.post(f"/v1/units/{units[0]}/delivery", json={"delivered_on": "2024-07-02"}, headers=ADMIN)
    assert other.status_code == 409 and other.json()["type"] == "/problems/unit-already-delivered"

    unit = (await client.get(f"/v1/units/{units[0]}", headers=STAFF)).json()
    assert (unit["status"], unit["delivered_on"]) == ("delivered", "2024-07-01")
    async with app.state.runtime.db.sessionmaker() as session:
        delivered = (
            await session.exec(select(OutboxRecord).where(OutboxRecord.event_type == "expro.housing.unit_delivered.v1"))
        ).all()
    assert len(delivered) == 1 and '"promised_delivery_on":"2024-06-30"' in delivered[0].payload


async def test_choices_before_the_draw_are_refused(client, project, agreement) -> None:
    reg = project_registered()
    await project(reg, agreement(reg.subject))
    body = {"project_ids": [reg.subject], "ordering": "lottery", "starts_at": "2024-03-01T09:00:00Z", "turn_minutes": 5}
    rid = (await client.post("/v1/selection-rounds", json=body, headers=ADMIN)).json()["id"]
    r = await choose(client, rid, "x", "y")
    assert r.status_code == 409 and r.json()["type"] == "/problems/order-not-drawn"


async def test_a_choice_dated_before_the_agreement_is_refused(client, setup) -> None:
    rid, order, units = await setup(n=1, starts_at=now() - timedelta(minutes=1), turn_minutes=10, areas=["88.00"])
    r = await choose(client, rid, order[0], units[0], chosen_on=str(date(2023, 2, 1)))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "chosen_on"]
    assert (await client.get(f"/v1/units/{units[0]}", headers=STAFF)).json()["status"] == "available"
