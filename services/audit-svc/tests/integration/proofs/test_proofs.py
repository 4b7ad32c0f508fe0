"""The transparency log over HTTP, on the real database, records sealed by the app's own
trail consumer: records carry their leaves, checkpoints are signed notes that open with the
published key, and proofs pass RFC 9162's verification algorithms (the independent verifier
of the unit tests) — all without a token."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, update
from sqlmodel import col, select

from audit_svc.bootstrap import MIGRATIONS
from audit_svc.config import AuditSettings
from audit_svc.trail.domain import SignedLog, canonical_json, root_hash, root_keys, seal
from audit_svc.trail.handlers import cut_checkpoint
from audit_svc.trail.tables import AuditRecordRow, CheckpointRow
from audit_svc.uow import AuditUnitOfWork
from expro_shared.consumer import EventConsumer
from expro_shared.db import Database
from expro_shared.events.envelope import CloudEvent
from expro_shared.migrations import migrate
from tests.rfc9162 import mth, open_checkpoint, verify_consistency, verify_inclusion
from tests.rfc9162 import open_checkpoint as independent_open
from tests.support import bearer, deliver, deposit_recorded, upgrade_to

pytestmark = pytest.mark.db


async def seal_events(app: FastAPI, *events: CloudEvent) -> None:
    await deliver(app.state.runtime.consumers["audit-svc.trail"], *events)


async def seal_batch(app: FastAPI, *events: CloudEvent) -> None:
    """One fetched batch, sealed in one transaction (as the consumer hands a batch over)."""
    from expro_shared.consumer import RawMessage

    trail = app.state.runtime.consumers["audit-svc.trail"]
    await trail.process_many(
        [RawMessage("expro.fund.events", 0, n, e.to_json().encode()) for n, e in enumerate(events)]
    )


def unhex(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


async def test_records_carry_their_leaf_index_canonical_string_and_leaf_hash(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    events = [deposit_recorded(str(uuid.uuid4())) for _ in range(3)]
    await seal_events(app, *events)
    r = await client.get("/v1/audit/records", headers=bearer("u-1", "auditor"))
    items = r.json()["items"]
    assert [i["leaf_index"] for i in items] == [0, 1, 2]
    for item, event in zip(items, events, strict=True):
        assert item["canonical"] == item["payload"] == canonical_json(event.model_dump(mode="json", exclude_none=True))
        assert item["leaf_hash"] == hashlib.sha256(b"\x00" + item["canonical"].encode("utf-8")).hexdigest()
    one = (await client.get(f"/v1/audit/records/{events[2].id}", headers=bearer("u-1", "auditor"))).json()
    assert one == items[2]


async def test_the_latest_checkpoint_is_a_signed_note_that_opens_with_the_published_key(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    empty = (await client.get("/v1/audit/checkpoints/latest")).json()
    assert empty["tree_size"] == 0
    assert empty["root_hash"] == hashlib.sha256(b"").hexdigest()

    events = [deposit_recorded(str(uuid.uuid4())) for _ in range(5)]
    await seal_events(app, *events)
    key = (await client.get("/v1/audit/checkpoints/key")).json()
    assert key["algorithm"] == "ed25519" and key["key"].startswith(key["name"] + "+")
    r = await client.get("/v1/audit/checkpoints/latest")
    assert r.status_code == 200
    checkpoint = r.json()
    assert checkpoint["tree_size"] == 5
    origin, size, root = independent_open(checkpoint["note"], key["key"])
    assert (origin, size, root.hex()) == (key["origin"], 5, checkpoint["root_hash"])

    leaves = [
        bytes.fromhex(i["leaf_hash"])
        for i in (await client.get("/v1/audit/records", headers=bearer("u-1", "auditor"))).json()["items"]
    ]
    assert mth(leaves).hex() == checkpoint["root_hash"]


async def test_each_sealing_cuts_a_checkpoint_and_the_list_shows_the_log_growing(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await seal_events(app, deposit_recorded(str(uuid.uuid4())))
    await seal_batch(app, *(deposit_recorded(str(uuid.uuid4())) for _ in range(4)))
    await seal_events(app, deposit_recorded(str(uuid.uuid4())))
    r = await client.get("/v1/audit/checkpoints", params={"limit": 2})
    page = r.json()
    assert [c["tree_size"] for c in page["items"]] == [1, 5]
    r = await client.get("/v1/audit/checkpoints", params={"limit": 2, "cursor": page["next_cursor"]})
    assert [c["tree_size"] for c in r.json()["items"]] == [6]
    assert (await client.get("/v1/audit/checkpoints/5")).json() == page["items"][1]
    assert (await client.get("/v1/audit/checkpoints/4")).status_code == 404


async def test_inclusion_proofs_of_every_record_at_every_size_verify(app: FastAPI, client: httpx.AsyncClient) -> None:
    events = [deposit_recorded(str(uuid.uuid4())) for _ in range(11)]
    await seal_events(app, *events[:4])
    await seal_batch(app, *events[4:])
    key = (await client.get("/v1/audit/checkpoints/key")).json()["key"]
    for size in range(1, 12):
        root = bytes.fromhex(
            (await client.get("/v1/audit/consistency-proof", params={"first": size})).json()["first_root_hash"]
        )
        for index, event in enumerate(events[:size]):
            r = await client.get(f"/v1/audit/records/{event.id}/inclusion-proof", params={"tree_size": size})
            assert r.status_code == 200, r.text
            proof = r.json()
            assert (proof["leaf_index"], proof["tree_size"], proof["event_id"]) == (index, size, event.id)
            assert proof["root_hash"] == root.hex()
            leaf = bytes.fromhex(proof["leaf_hash"])
            assert verify_inclusion(index, size, leaf, unhex(proof["audit_path"]), root)
    # against the signed checkpoint, without a tree size: the whole log
    latest = (await client.get("/v1/audit/checkpoints/latest")).json()
    _, size, root = independent_open(latest["note"], key)
    proof = (await client.get(f"/v1/audit/records/{events[6].id}/inclusion-proof")).json()
    assert proof["tree_size"] == size == 11
    assert verify_inclusion(6, 11, bytes.fromhex(proof["leaf_hash"]), unhex(proof["audit_path"]), root)
    forged = hashlib.sha256(b"\x00" + b'{"amount":"1.00"}').digest()
    assert not verify_inclusion(6, 11, forged, unhex(proof["audit_path"]), root)


async def test_consistency_proofs_between_every_pair_of_sizes_verify(app: FastAPI, client: httpx.AsyncClient) -> None:
    await seal_events(app, *(deposit_recorded(str(uuid.uuid4())) for _ in range(9)))
    for second in range(1, 10):
        for first in range(1, second + 1):
            r = await client.get("/v1/audit/consistency-proof", params={"first": first, "second": second})
            assert r.status_code == 200, r.text
            p = r.json()
            assert (p["first"], p["second"]) == (first, second)
            first_root, second_root = bytes.fromhex(p["first_root_hash"]), bytes.fromhex(p["second_root_hash"])
            assert verify_consistency(first, second, first_root, second_root, unhex(p["proof"]))
    # checkpoints cut as the log grew are consistent with the latest one
    checkpoints = (await client.get("/v1/audit/checkpoints")).json()["items"]
    latest = checkpoints[-1]
    for c in checkpoints[:-1]:
        if c["tree_size"] == 0:
            continue
        p = (await client.get("/v1/audit/consistency-proof", params={"first": c["tree_size"]})).json()
        assert p["second"] == latest["tree_size"]
        assert verify_consistency(
            c["tree_size"],
            latest["tree_size"],
            bytes.fromhex(c["root_hash"]),
            bytes.fromhex(latest["root_hash"]),
            unhex(p["proof"]),
        )


async def test_a_record_changed_behind_the_logs_back_no_longer_proves(app: FastAPI, client: httpx.AsyncClient) -> None:
    db_of_app: Database = app.state.runtime.db
    events = [deposit_recorded(str(uuid.uuid4()), f"{n}.00") for n in range(1, 6)]
    await seal_events(app, *events)
    signed = (await client.get("/v1/audit/checkpoints/latest")).json()
    root = bytes.fromhex(signed["root_hash"])
    record = (await client.get(f"/v1/audit/records/{events[2].id}", headers=bearer("u-1", "auditor"))).json()
    altered = record["canonical"].replace('"3.00"', '"3000.00"')
    async with db_of_app.sessionmaker() as session:
        stmt = update(AuditRecordRow).where(col(AuditRecordRow.seq) == 3)
        await session.exec(stmt.values(payload=altered, hash=seal(record["prev_hash"], altered)))  # type: ignore[call-overload]
        await session.commit()
    proof = (await client.get(f"/v1/audit/records/{events[2].id}/inclusion-proof")).json()
    leaf_of_altered = hashlib.sha256(b"\x00" + altered.encode()).digest()
    assert not verify_inclusion(2, 5, leaf_of_altered, unhex(proof["audit_path"]), root)


async def test_bad_proof_requests_are_problems(app: FastAPI, client: httpx.AsyncClient) -> None:
    events = [deposit_recorded(str(uuid.uuid4())) for _ in range(3)]
    await seal_events(app, *events)

    r = await client.get(f"/v1/audit/records/{uuid.uuid4()}/inclusion-proof")
    assert (r.status_code, r.json()["type"]) == (404, "/problems/not-found")
    r = await client.get(f"/v1/audit/records/{events[0].id}/inclusion-proof", params={"tree_size": 4})
    assert (r.status_code, r.json()["type"], r.json()["log_size"]) == (409, "/problems/tree-size-beyond-log", 3)
    r = await client.get(f"/v1/audit/records/{events[2].id}/inclusion-proof", params={"tree_size": 2})
    assert (r.status_code, r.json()["type"], r.json()["leaf_index"]) == (409, "/problems/leaf-not-in-tree", 2)
    r = await client.get(f"/v1/audit/records/{events[0].id}/inclusion-proof", params={"tree_size": 0})
    assert (r.status_code, r.json()["type"]) == (422, "/problems/validation-error")
    r = await client.get("/v1/audit/consistency-proof", params={"first": 3, "second": 2})
    assert (r.status_code, r.json()["type"]) == (422, "/problems/validation-error")
    r = await client.get("/v1/audit/consistency-proof", params={"first": 2, "second": 9})
    assert (r.status_code, r.json()["type"]) == (409, "/problems/tree-size-beyond-log")
    r = await client.get("/v1/audit/consistency-proof", params={"first": 4})
    assert (r.status_code, r.json()["type"]) == (409, "/problems/tree-size-beyond-log")
    r = await client.get("/v1/audit/consistency-proof")
    assert (r.status_code, r.json()["type"]) == (422, "/problems/validation-error")
    for path in ("/v1/audit/checkpoints/latest", "/v1/audit/checkpoints/key", "/v1/audit/checkpoints"):
        assert r.headers["content-type"].startswith("application/problem+json")
        assert (await client.get(path)).status_code == 200  # public: no token needed


async def test_the_migration_gives_records_sealed_before_it_their_leaves_and_nodes(database_url: str) -> None:
    """Records sealed under revision 0002 get leaf hashes and Merkle nodes from 0003."""
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "0002"))
        payloads = [canonical_json({"id": f"e-{i}", "n": i, "name": "张三"}) for i in range(6)]
        prev, rows = "0" * 64, []
        for i, p in enumerate(payloads, start=1):
            digest = seal(prev, p)
            rows.append((i, f"e-{i}", p, prev, digest))
            prev = digest
        async with db.engine.begin() as conn:
            from sqlalchemy import text

            for seq, eid, p, before, digest in rows:
                await conn.execute(
                    text(
                        "INSERT INTO audit_records (seq, event_id, event_type, source, subject, actor, event_time,"
                        " recorded_at, topic, payload, prev_hash, hash) VALUES (:seq, :eid, 't', 's', 'p', 'a',"
                        " :ts, :ts, 'topic', :p, :prev, :h)"
                    ),
                    {"seq": seq, "eid": eid, "p": p, "prev": before, "h": digest, "ts": _ts()},
                )
            await conn.execute(text("UPDATE chain_head SET seq = 6, hash = :h WHERE id = 1"), {"h": prev})
        await migrate(db, MIGRATIONS)
        async with db.engine.connect() as conn:
            from sqlalchemy import text

            leaves = (await conn.execute(text("SELECT leaf_hash FROM audit_records ORDER BY seq"))).scalars().all()
            nodes = (
                await conn.execute(text("SELECT level, position FROM merkle_nodes ORDER BY level, position"))
            ).all()
        assert leaves == [hashlib.sha256(b"\x00" + p.encode()).hexdigest() for p in payloads]
        assert [tuple(n) for n in nodes] == [(1, 0), (1, 1), (1, 2), (2, 0)]
        async with db.engine.connect() as conn:
            hashes = dict(
                ((lv, p), h)
                for lv, p, h in (await conn.execute(text("SELECT level, position, hash FROM merkle_nodes"))).all()
            )
            edge = (await conn.execute(text("SELECT edge FROM chain_head"))).scalar_one()
        assert edge == f"6:{hashes[(2, 0)]}{hashes[(1, 2)]}"  # the right edge of the tree of 6
    finally:
        await db.dispose()


def _ts() -> object:
    from datetime import UTC, datetime

    return datetime(2022, 3, 1, tzinfo=UTC)


async def test_concurrent_sealing_keeps_one_tree_and_every_checkpoint_true(
    db: Database,
    database_url: str,
    trail_of: Callable[[Database], EventConsumer[AuditUnitOfWork]],
) -> None:
    """Two instances seal at once (on PostgreSQL too): the head lock serialises them, so the
    stored nodes make one tree and each checkpoint signs the root of its own size."""
    second = Database(database_url)
    try:
        instances = [trail_of(db), trail_of(second)]
        events = [deposit_recorded(str(uuid.uuid4()), f"{n}.00") for n in range(1, 25)]
        await asyncio.gather(*(deliver(instances[n % 2], e) for n, e in enumerate(events)))
    finally:
        await second.dispose()

    async with db.sessionmaker() as session:
        leaves = [
            bytes.fromhex(h)
            for h in (await session.exec(select(AuditRecordRow.leaf_hash).order_by(col(AuditRecordRow.seq)))).all()
        ]
        checkpoints = (await session.exec(select(CheckpointRow).order_by(col(CheckpointRow.tree_size)))).all()
    assert len(leaves) == 24
    assert [c.tree_size for c in checkpoints] == list(range(1, 25))  # one per sealing, none lost
    async with AuditUnitOfWork(db, source="/audit-svc", actor="t") as uow:
        for c in checkpoints:
            assert c.root_hash == mth(leaves[: c.tree_size]).hex(), c.tree_size
            stored = await uow.records.stored(set(root_keys(c.tree_size)))
            assert root_hash(c.tree_size, stored) == c.root_hash


async def test_concurrent_readers_cut_one_checkpoint_of_a_log_written_behind_the_service(
    db: Database, database_url: str, trail: EventConsumer[AuditUnitOfWork]
) -> None:
    """Records written straight into the database (the bench, or sealed before checkpoints
    existed) get their checkpoint from the first readers — one row, whoever wins."""
    await deliver(trail, deposit_recorded(str(uuid.uuid4())), deposit_recorded(str(uuid.uuid4())))
    async with db.sessionmaker() as session:
        await session.exec(delete(CheckpointRow).where(col(CheckpointRow.tree_size) == 2))  # type: ignore[call-overload]
        await session.commit()
    signer = AuditSettings(database_url=database_url).note_signer()
    log = SignedLog("expro.test/log", signer)
    second = Database(database_url)

    async def read(on: Database) -> CheckpointRow:
        async with AuditUnitOfWork(on, source="/audit-svc", actor="public") as uow:
            row = await cut_checkpoint(uow, log)
            await uow.commit()
            return row

    try:
        rows = await asyncio.gather(*(read(d) for d in (db, second, db, second)))
    finally:
        await second.dispose()
    assert {(r.tree_size, r.root_hash, r.note) for r in rows} == {(rows[0].tree_size, rows[0].root_hash, rows[0].note)}
    async with db.sessionmaker() as session:
        sizes = (await session.exec(select(CheckpointRow.tree_size).order_by(col(CheckpointRow.tree_size)))).all()
    assert list(sizes) == [1, 2]
    assert open_checkpoint(rows[0].note, signer.verifier_key())[1] == 2
