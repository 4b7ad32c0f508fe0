"""Deposits over HTTP on the real database: idempotent, validated, once per bank reference,
only into visible accounts, and never lost or doubled under concurrency."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from expro_shared.tables import OutboxRecord
from fund_svc.bootstrap import create_app
from fund_svc.deposits.tables import DepositRow

pytestmark = pytest.mark.db
PID = "7d3e1c2a-0b9f-4a6e-8c1d-2e3f4a5b6c7d"
BODY = {"amount": "40.00", "bank_reference": "ICBC-1", "payer": "城投公司", "received_at": "2022-03-15T10:30:00+08:00"}


async def deposits(app) -> tuple[int, int]:
    async with app.state.runtime.db.sessionmaker() as s:
        count = (await s.exec(select(func.count()).select_from(DepositRow))).one()
        events = (await s.exec(select(func.count()).select_from(OutboxRecord))).one()
    return count, events


async def test_the_same_idempotency_key_replays_without_a_second_deposit(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance") | {"Idempotency-Key": "k-1"}
    first = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
    assert first.status_code == 201 and first.json()["deposited_total"] == "40.00"
    before = await deposits(app)
    again = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await deposits(app) == before

    reused = await client.post(f"/v1/projects/{PID}/deposits", json={**BODY, "amount": "41.00"}, headers=fin)
    assert reused.status_code == 422 and reused.json()["type"] == "/problems/idempotency-key-reused"
    # another transfer under the same key: the key's own constraint refuses it
    other = await client.post(f"/v1/projects/{PID}/deposits", json={**BODY, "bank_reference": "ICBC-9"}, headers=fin)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused", other.text
    assert await deposits(app) == before
    account = (await client.get(f"/v1/projects/{PID}/account", headers=fin)).json()
    assert account["deposited"] == "40.00" and account["shortfall"] == "60.00" and not account["fully_funded"]


async def test_bad_deposits_get_a_problem_and_change_nothing(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    cases = [
        ({**BODY, "amount": "0.00"}, {"Idempotency-Key": "a"}, 422),
        ({**BODY, "amount": "-5"}, {"Idempotency-Key": "b"}, 422),
        ({**BODY, "amount": "1.005"}, {"Idempotency-Key": "c"}, 422),
        ({**BODY, "amount": 40}, {"Idempotency-Key": "d"}, 422),
        ({**BODY, "received_at": "2022-03-15T10:30:00"}, {"Idempotency-Key": "e"}, 422),
        ({**BODY, "extra": 1}, {"Idempotency-Key": "f"}, 422),
        (BODY, {}, 422),  # Idempotency-Key is required on deposits
    ]
    for body, headers, status in cases:
        r = await client.post(url, json=body, headers=fin | headers)
        assert r.status_code == status, (body, headers, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    r = await client.post(
        url, content=b"{broken", headers=fin | {"Idempotency-Key": "g", "content-type": "application/json"}
    )
    assert r.status_code == 422
    assert await deposits(app) == (0, 1)  # only the account_opened event


async def test_a_bank_reference_is_recorded_once_per_project(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    assert (await client.post(url, json=BODY, headers=fin | {"Idempotency-Key": "1"})).status_code == 201
    r = await client.post(url, json=BODY, headers=fin | {"Idempotency-Key": "2"})
    assert r.status_code == 409 and r.json()["type"] == "/problems/bank-reference-taken"


@pytest.mark.parametrize(
    "twin",
    ["icbc-1", " ICBC-1", "ICBC-1\u200b", "\u200bICBC-1", "ＩＣＢＣ－１", "ICBC\u2060-1", "Icbc-1\ufeff"],
)
async def test_the_same_transfer_spelled_differently_is_recorded_once(service_client, auth, open_account, twin) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    first = await client.post(url, json=BODY, headers=fin | {"Idempotency-Key": "1"})
    assert first.status_code == 201
    before = await deposits(app)
    r = await client.post(url, json=BODY | {"bank_reference": twin}, headers=fin | {"Idempotency-Key": "2"})
    assert r.status_code == 409 and r.json()["type"] == "/problems/bank-reference-taken", r.text
    assert await deposits(app) == before
    listed = (await client.get(url, headers=fin)).json()["items"]
    assert [d["bank_reference"] for d in listed] == ["ICBC-1"], "the original spelling is kept for display"


async def test_a_reference_of_only_invisible_characters_is_refused(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    r = await client.post(
        f"/v1/projects/{PID}/deposits",
        json=BODY | {"bank_reference": "\u200b \u0004"},
        headers=auth("fin", "finance") | {"Idempotency-Key": "1"},
    )
    assert r.status_code == 422 and r.json()["type"] == "/problems/validation-error"


async def test_owner_units_pay_only_into_their_own_projects(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    url = f"/v1/projects/{PID}/deposits"
    other = auth("x", "owner_unit", org="其他公司") | {"Idempotency-Key": "1"}
    hidden = await client.post(url, json=BODY, headers=other)
    assert hidden.status_code == 404 and hidden.json()["detail"].startswith("no account for this project")
    assert (await client.get(f"/v1/projects/{PID}/account", headers=other)).status_code == 404
    assert (await client.get(url, headers=other)).status_code == 404
    own = auth("y", "owner_unit", org="城投公司") | {"Idempotency-Key": "1"}
    assert (await client.post(url, json=BODY, headers=own)).status_code == 201
    assert [d["bank_reference"] for d in (await client.get(url, headers=own)).json()["items"]] == ["ICBC-1"]
    auditor = auth("a", "auditor") | {"Idempotency-Key": "2"}
    assert (await client.post(url, json=BODY, headers=auditor)).status_code == 403
    assert (await client.post(url, json=BODY)).status_code == 401
    assert await deposits(app) == (1, 2)


async def test_concurrent_deposits_are_neither_lost_nor_doubled(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID, "1000.00")
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    results = await asyncio.gather(
        *(
            client.post(
                url,
                json={**BODY, "amount": "0.01", "bank_reference": f"C-{i}"},
                headers=fin | {"Idempotency-Key": f"c-{i}"},
            )
            for i in range(30)
        ),
        # the same key sent five times at once: one deposit, five identical answers
        *(
            client.post(url, json={**BODY, "bank_reference": "SAME"}, headers=fin | {"Idempotency-Key": "same"})
            for _ in range(5)
        ),
    )
    assert all(r.status_code == 201 for r in results), [r.text for r in results if r.status_code != 201]
    assert len({r.json()["id"] for r in results[30:]}) == 1
    account = (await client.get(f"/v1/projects/{PID}/account", headers=fin)).json()
    assert account["deposited"] == "40.30"
    assert (await deposits(app))[0] == 31


async def test_deposits_beyond_the_money_range_are_refused_naming_the_limit(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance")
    url = f"/v1/projects/{PID}/deposits"
    top = BODY | {"amount": "999999999999999.99", "bank_reference": "BIG-1"}
    assert (await client.post(url, json=top, headers=fin | {"Idempotency-Key": "1"})).status_code == 201
    before = await deposits(app)
    r = await client.post(url, json=BODY | {"amount": "0.01"}, headers=fin | {"Idempotency-Key": "2"})
    assert r.status_code == 422 and "999999999999999.99" in r.json()["detail"], r.text
    assert r.json()["type"] == "/problems/deposit-limit-exceeded" and r.json()["room"] == "0.00"
    assert await deposits(app) == before
    account = (await client.get(f"/v1/projects/{PID}/account", headers=fin)).json()
    assert account["deposited"] == "999999999999999.99"


@pytest.mark.parametrize("amount", ["0", "0.0", "0.00"])
async def test_a_zero_deposit_is_refused_as_its_schema_says(service_client, auth, open_account, amount) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    r = await client.post(
        f"/v1/projects/{PID}/deposits",
        json=BODY | {"amount": amount},
        headers=auth("f", "finance") | {"Idempotency-Key": "z"},
    )
    assert r.status_code == 422
    schema = app.openapi()["components"]["schemas"]["DepositCreate"]["properties"]["amount"]
    assert not re.fullmatch(schema["pattern"], amount) and re.fullmatch(schema["pattern"], "0.01")


async def test_a_deposit_is_one_locked_credit_and_its_writes(service_client, auth, open_account) -> None:
    """The hot path's statements, pinned: the account is locked and credited in one
    statement (UPDATE … RETURNING, no read first), the bank reference and the
    Idempotency-Key are unique by the deposit row's constraints (no lookup first; the row
    carries the key, the request's hash and its receipt, so no separate idempotency record)
    and the key is looked up only when the work cannot commit; the event's outbox row is
    written with the commit (on SQLite on the COMMIT's own trip to the driver's thread,
    below SQLAlchemy's statement events). A repeated request still replays."""
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    fin = auth("fin", "finance") | {"Idempotency-Key": "k-count"}
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_: object) -> None:
        statements.append(" ".join(statement.split()[:3]))

    db = app.state.runtime.db
    engine = db.engine.sync_engine
    events_before = (await deposits(app))[1]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        first = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
        assert first.status_code == 201
        work = [s for s in statements if not s.startswith("BEGIN")]
        expected = ["UPDATE accounts SET", "INSERT INTO deposits"]
        if not db.is_sqlite:
            expected.append("INSERT INTO outbox")
        assert sorted(work) == sorted(expected), statements
        assert work[0].startswith("UPDATE accounts"), statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    async with db.sessionmaker() as s:
        recorded = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq.desc()))).first()  # type: ignore[union-attr]
    before = await deposits(app)
    assert before[1] == events_before + 1
    assert recorded is not None and recorded.event_type == "expro.fund.deposit_recorded.v1"
    assert first.json()["id"] in recorded.payload
    again = await client.post(f"/v1/projects/{PID}/deposits", json=BODY, headers=fin)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await deposits(app) == before


async def test_another_users_key_is_not_a_replay(service_client, auth, open_account) -> None:
    """An Idempotency-Key is the caller's own: the same key from another user is a new
    request (here refused, the transfer being recorded already), never someone else's answer."""
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    url = f"/v1/projects/{PID}/deposits"
    first = await client.post(url, json=BODY, headers=auth("fin", "finance") | {"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    other = await client.post(url, json=BODY, headers=auth("fin-2", "finance") | {"Idempotency-Key": "k-1"})
    assert other.status_code == 409 and "Idempotent-Replayed" not in other.headers, other.text
    fresh = {**BODY, "bank_reference": "ICBC-2"}
    other = await client.post(url, json=fresh, headers=auth("fin-2", "finance") | {"Idempotency-Key": "k-1"})
    assert other.status_code == 201 and other.json()["deposited_total"] == "80.00", other.text
