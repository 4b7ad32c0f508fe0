"""The floor for an HTTP write: a bare FastAPI app whose POST inserts one row plus one outbox
row in one transaction — what a deposit must do at the least — on the same database, the
same engine settings and the same server as the services. ``GET /ping`` is the floor of a
read that touches nothing.

Run as ``uvicorn bench.bare_app:create_app --factory`` with ``BENCH_DATABASE_URL`` set.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from expro_shared.db import Database

metadata = sa.MetaData()
deposits = sa.Table(
    "bench_deposits",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("amount", sa.String(40), nullable=False),
    sa.Column("bank_reference", sa.String(200), nullable=False, unique=True),
)
outbox = sa.Table(
    "bench_outbox",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("payload", sa.Text, nullable=False),
)


def create_app() -> FastAPI:
    db = Database(os.environ["BENCH_DATABASE_URL"])

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        yield
        await db.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.api_route("/ping", methods=["GET", "POST"])
    async def ping() -> dict[str, bool]:
        """Touches nothing: its rate under load is the load generator's and server's ceiling."""
        return {"ok": True}

    @app.post("/deposits", status_code=201)
    async def deposit(request: Request) -> JSONResponse:
        body = await request.json()
        row = {"id": str(uuid.uuid4()), "amount": body["amount"], "bank_reference": body["bank_reference"]}
        async with db.engine.begin() as conn:
            await conn.execute(deposits.insert().values(**row))
            await conn.execute(outbox.insert().values(payload=json.dumps(row)))
        return JSONResponse(row, status_code=201)

    return app
