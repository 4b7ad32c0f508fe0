"""Verification recomputes the chain the trail sealed and finds the first record that was
altered, removed or cut off — on the real database, and over HTTP."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, update
from sqlmodel import col, select

from audit_svc.trail.domain import ChainReport, leaf_hash, seal
from audit_svc.trail.tables import AuditRecordRow, ChainHeadRow, CheckpointRow, MerkleNodeRow
from audit_svc.uow import AuditUnitOfWork
from audit_svc.verification.handlers import verify_chain
from expro_shared.db import Database
from tests.support import bearer, deposit_recorded
from tests.support import deliver as deliver_to

pytestmark = pytest.mark.db
Deliver = Callable[..., Awaitable[None]]

AUDITOR = bearer("u-1", "auditor")


def audit_uow(db: Database) -> AuditUnitOfWork:
    return AuditUnitOfWork(db, source="/audit-svc", actor="auditor-01")


async def records(db: Database) -> list[AuditRecordRow]:
    async with db.sessionmaker() as session:
        return list((await session.exec(select(AuditRecordRow).order_by(col(AuditRecordRow.seq)))).all())


async def verify(db: Database) -> ChainReport:
    async with audit_uow(db) as uow:
        return await verify_chain(uow)


async def tamper(db: Database, seq: int, **values: object) -> None:
    """Change a sealed record behind the service's back, as someone with database access could."""
    async with db.sessionmaker() as session:
        await session.exec(update(AuditRecordRow).where(col(AuditRecordRow.seq) == seq).values(**values))
        await session.commit()


async def test_a_tampered_payload_is_reported_at_its_seq(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposit_recorded(project, amount))
    rows = await records(db)

    await tamper(db, rows[1].seq, payload=rows[1].payload.replace("200.00", "20000.00"))  # type: ignore[arg-type]

    report = await verify(db)
    assert not report.valid
    assert report.first_invalid_seq == rows[1].seq
    assert report.records == 3


async def test_a_re_hashed_forgery_still_breaks_the_link_after_it(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposit_recorded(project, amount))
    rows = await records(db)

    forged = rows[1].payload.replace("200.00", "20000.00")
    await tamper(db, rows[1].seq, payload=forged, hash=seal(rows[1].prev_hash, forged))  # type: ignore[arg-type]
    # its stored leaf hash is the original's: the record itself no longer recomputes
    assert (await verify(db)).first_invalid_seq == rows[1].seq

    await tamper(db, rows[1].seq, leaf_hash=leaf_hash(forged))  # type: ignore[arg-type]
    report = await verify(db)
    assert report.first_invalid_seq == rows[2].seq
    # and the tree of the forged payloads is not the one the stored nodes and the checkpoint hold
    assert report.tree_valid is False and report.checkpoint_valid is False  # type: ignore[attr-defined]


async def test_a_relabelled_subject_column_is_caught_though_the_payload_is_intact(
    db: Database, deliver: Deliver
) -> None:
    await deliver(deposit_recorded(str(uuid.uuid4())))
    await deliver(deposit_recorded(str(uuid.uuid4())))
    rows = await records(db)

    await tamper(db, rows[0].seq, subject=rows[1].subject)  # type: ignore[arg-type]

    assert (await verify(db)).first_invalid_seq == rows[0].seq


async def test_a_moved_event_time_column_is_caught_though_the_payload_is_intact(db: Database, deliver: Deliver) -> None:
    """The walk reads times its own way on SQLite (text, parsed in Python): it still compares
    them, to the microsecond, with the sealed payload's."""
    await deliver(deposit_recorded(str(uuid.uuid4())))
    await deliver(deposit_recorded(str(uuid.uuid4())))
    rows = await records(db)
    assert (await verify(db)).valid

    await tamper(db, rows[1].seq, event_time=rows[1].event_time + timedelta(microseconds=1))  # type: ignore[arg-type]

    assert (await verify(db)).first_invalid_seq == rows[1].seq


async def test_a_deleted_record_is_caught_even_at_the_end_of_the_chain(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for amount in ("100.00", "200.00", "300.00"):
        await deliver(deposit_recorded(project, amount))
    rows = await records(db)

    async with db.sessionmaker() as session:
        await session.exec(delete(AuditRecordRow).where(col(AuditRecordRow.seq) == rows[2].seq))
        await session.commit()

    report = await verify(db)
    assert not report.valid
    assert report.first_invalid_seq == rows[2].seq
    assert report.records == 2


async def test_verification_reads_a_long_chain_back_whole_in_batches(db: Database, deliver: Deliver) -> None:
    project = str(uuid.uuid4())
    for n in range(1, 6):
        await deliver(deposit_recorded(project, f"{n}.00"))

    async with audit_uow(db) as uow:
        batches = [[link.seq for link in links] async for links in uow.records.whole_chain(batch=2)]
        streamed = [seq for batch in batches for seq in batch]

    assert len(batches) >= 3 and all(len(b) <= 2 for b in batches)

    assert streamed == [r.seq for r in await records(db)]


async def test_verification_writes_nothing(db: Database, deliver: Deliver) -> None:
    """A read-only unit of work: it ends without a commit and without ``UncommittedWork``."""
    await deliver(deposit_recorded(str(uuid.uuid4())))
    async with audit_uow(db) as uow:
        assert (await verify_chain(uow)).valid
        assert not uow.emitted
    assert len(await records(db)) == 1


async def test_verify_reports_an_intact_chain_with_its_head(app: FastAPI, client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/audit/verify", headers=AUDITOR)
    empty_root = hashlib.sha256(b"").hexdigest()
    assert r.json() == {
        "valid": True,
        "records": 0,
        "head": "0" * 64,
        "first_invalid_seq": None,
        "root_hash": empty_root,
        "tree_valid": True,
        "checkpoint_valid": None,
    }

    await deliver_to(
        app.state.runtime.consumers["audit-svc.trail"],
        deposit_recorded(str(uuid.uuid4())),
        deposit_recorded(str(uuid.uuid4())),
    )
    last = (await client.get("/v1/audit/records", headers=AUDITOR)).json()["items"][-1]

    r = await client.get("/v1/audit/verify", headers=AUDITOR)
    assert r.status_code == 200
    latest = (await client.get("/v1/audit/checkpoints/latest")).json()
    assert r.json() == {
        "valid": True,
        "records": 2,
        "head": last["hash"],
        "first_invalid_seq": None,
        "root_hash": latest["root_hash"],
        "tree_valid": True,
        "checkpoint_valid": True,
    }


async def test_verify_reports_a_tampered_record_over_http(app: FastAPI, client: httpx.AsyncClient) -> None:
    trail = app.state.runtime.consumers["audit-svc.trail"]
    await deliver_to(trail, deposit_recorded(str(uuid.uuid4())), deposit_recorded(str(uuid.uuid4())))
    first = (await client.get("/v1/audit/records", headers=AUDITOR)).json()["items"][0]

    await tamper(app.state.runtime.db, first["seq"], actor="someone-else")

    r = await client.get("/v1/audit/verify", headers=AUDITOR)
    assert r.status_code == 200
    assert r.json()["valid"] is False
    assert r.json()["first_invalid_seq"] == first["seq"]
    assert r.json()["records"] == 2


async def test_a_changed_merkle_node_is_caught(db: Database, deliver: Deliver) -> None:
    """The chain is intact, but a stored node of the tree was changed: proofs would lie, so
    verification says so."""
    for _ in range(4):
        await deliver(deposit_recorded(str(uuid.uuid4())))
    assert (await verify(db)).valid
    async with db.sessionmaker() as session:
        stmt = update(MerkleNodeRow).where(col(MerkleNodeRow.level) == 2).values(hash="ab" * 32)
        await session.exec(stmt)  # type: ignore[call-overload]
        await session.commit()
    report = await verify(db)
    assert (report.valid, report.first_invalid_seq) == (False, None)
    assert report.tree_valid is False and report.checkpoint_valid is True  # type: ignore[attr-defined]


async def test_a_changed_checkpoint_is_caught(db: Database, deliver: Deliver) -> None:
    for _ in range(3):
        await deliver(deposit_recorded(str(uuid.uuid4())))
    async with db.sessionmaker() as session:
        stmt = update(CheckpointRow).where(col(CheckpointRow.tree_size) == 3).values(root_hash="cd" * 32)
        await session.exec(stmt)  # type: ignore[call-overload]
        await session.commit()
    report = await verify(db)
    assert report.valid is False and report.checkpoint_valid is False  # type: ignore[attr-defined]


async def test_a_changed_right_edge_on_the_head_is_caught(db: Database, deliver: Deliver) -> None:
    """Sealing extends the tree from the edge kept on the head: a changed edge would grow a
    false tree from there on, so verification compares it with the stored nodes."""
    for _ in range(3):
        await deliver(deposit_recorded(str(uuid.uuid4())))
    assert (await verify(db)).valid
    async with db.sessionmaker() as session:
        stmt = update(ChainHeadRow).values(edge="3:" + "ab" * 64)
        await session.exec(stmt)  # type: ignore[call-overload]
        await session.commit()
    report = await verify(db)
    assert report.valid is False and report.tree_valid is False  # type: ignore[attr-defined]
