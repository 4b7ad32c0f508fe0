"""Migration 0007 on a database that already holds deposits answered through
``idempotency_keys`` (real database): each answer moves onto its deposit's row, so a retry
with the old key still replays it and the key stays taken; nothing else moves."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from expro_shared.db import Database
from expro_shared.idempotency import IdempotencyKeyReused, request_hash
from expro_shared.problems import ProblemError
from fund_svc.bootstrap import MIGRATIONS
from fund_svc.deposits.handlers import DepositReceipts
from fund_svc.uow import FundUnitOfWork
from tests.support import upgrade_to

pytestmark = pytest.mark.db
T = datetime(2022, 3, 15, tzinfo=UTC)
BODY = {"amount": "40.00", "bank_reference": "ICBC-1", "payer": "城投公司", "received_at": "2022-03-15T10:30:00+08:00"}
ANSWER = {"id": "d1", "project_id": "p", "amount": "40.00", "deposited_total": "40.00"}


async def test_answers_given_before_move_onto_their_deposits(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "0006"))
            await conn.execute(
                text(
                    "INSERT INTO accounts (project_id, owner_unit, land_type, created_at, updated_at) "
                    "VALUES ('p', 'o', 'state_owned', :t, :t)"
                ),
                {"t": T},
            )
            for i, ref in ((1, "ICBC-1"), (2, "ICBC-2")):
                await conn.execute(
                    text(
                        "INSERT INTO deposits (id, project_id, amount_fen, bank_reference, bank_reference_key, "
                        "payer, received_at, recorded_by, created_at) "
                        "VALUES (:id, 'p', 4000, :ref, :key, 'o', :t, 'fin a', :t)"
                    ),
                    {"id": f"d{i}", "ref": ref, "key": ref.lower(), "t": T},
                )
            records = [
                ("fin a POST /v1/projects/p/deposits", "k-old", json.dumps(ANSWER)),  # d1's answer (a sub with a space)
                ("fin a POST /v1/projects/p/refunds", "k-refund", json.dumps({"id": "d2"})),  # not a deposit
                ("someone POST /v1/projects/p/deposits", "k-other", json.dumps({"id": "d2"})),  # not d2's recorder
            ]
            for scope, key, body in records:
                await conn.execute(
                    text(
                        "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, "
                        "created_at) VALUES (:scope, :key, :hash, 201, :body, :t)"
                    ),
                    {"scope": scope, "key": key, "hash": request_hash(BODY), "body": body, "t": T},
                )
        async with db.engine.begin() as conn:
            await conn.run_sync(upgrade_to(MIGRATIONS, "head"))
            rows = (
                await conn.execute(text("SELECT id, idempotency_key, request_hash, receipt FROM deposits ORDER BY id"))
            ).all()
        assert [tuple(r) for r in rows] == [
            ("d1", "k-old", request_hash(BODY), json.dumps(ANSWER)),
            ("d2", None, None, None),
        ]

        receipts = DepositReceipts("p", "fin a")
        async with FundUnitOfWork(db, source="/fund-svc", actor="fin a") as uow:
            again = await receipts.replay(uow, "fin a POST /v1/projects/p/deposits", "k-old", request_hash(BODY))
            assert again is not None and again.replayed and again.body == ANSWER
            with pytest.raises(ProblemError) as refused:
                await receipts.replay(uow, "", "k-old", request_hash({**BODY, "amount": "41.00"}))
            assert refused.value.slug == IdempotencyKeyReused.SLUG
            assert await receipts.replay(uow, "", "k-new", request_hash(BODY)) is None
    finally:
        await db.dispose()
