"""``Idempotency-Key`` (docs/design.md §5): the same key and body replay the first response;
the same key with a different body is ``422 idempotency-key-reused``.

The record is written in the same transaction as the effect, so a crash leaves either
both or neither; two concurrent first requests collide on the primary key and the loser
replays the winner's response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Protocol, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from expro_shared.db import UnitOfWork, execute, insert_into, utcnow
from expro_shared.problems import ProblemError, ValidationProblem
from expro_shared.tables import IdempotencyRecord

U = TypeVar("U", bound=UnitOfWork)
U_contra = TypeVar("U_contra", bound=UnitOfWork, contravariant=True)


class IdempotencyKeyReused(ValidationProblem):
    """幂等键已用于不同请求 / the key was already used with a different request body."""

    SLUG: ClassVar[str | None] = "idempotency-key-reused"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Idempotency-Key Reused"


IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="幂等键 / the same key with the same body replays the first response",
    ),
]
OptionalIdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, description="幂等键 / idempotency key"),
]


def request_hash(body: Any) -> str:
    """SHA-256 of the request body as canonical JSON; ``body`` is JSON data already (a model
    dumped in JSON mode), so no encoder walks it first."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """The answer to a request run once per key: fresh, or the first answer replayed."""

    status_code: int
    body: Any
    replayed: bool = False

    def response(self) -> JSONResponse:
        """``body`` is JSON already (a model dumped in JSON mode, or a stored answer)."""
        headers = {"Idempotent-Replayed": "true"} if self.replayed else None
        return JSONResponse(self.body, status_code=self.status_code, headers=headers)


def stored_answer(stored_hash: str, body_hash: str, status_code: int, response_body: str) -> Outcome:
    """The first answer to a key, replayed — if this request's body is the first one's."""
    if stored_hash != body_hash:
        raise IdempotencyKeyReused.error("this Idempotency-Key was already used with a different request body")
    return Outcome(status_code, json.loads(response_body), replayed=True)


class Answers(Protocol[U_contra]):
    """Where the first answer to a key is kept, written in the effect's transaction."""

    async def remember(
        self, uow: U_contra, scope: str, key: str, body_hash: str, status_code: int, body: Any
    ) -> None: ...

    async def replay(self, uow: U_contra, scope: str, key: str, body_hash: str) -> Outcome | None: ...


class IdempotencyRecords:
    """The default: one row per answered key in ``idempotency_keys``."""

    async def remember(
        self, uow: UnitOfWork, scope: str, key: str, body_hash: str, status_code: int, body: Any
    ) -> None:
        """Store the answer with the effect, as one Core INSERT (no ORM object on the hot path)."""
        row = {
            "scope": scope,
            "key": key,
            "request_hash": body_hash,
            "status_code": status_code,
            "response_body": json.dumps(body, ensure_ascii=False),
            "created_at": utcnow(),
        }
        await execute(uow.session, insert_into(IdempotencyRecord.__table__), row)  # type: ignore[attr-defined]

    async def replay(self, uow: UnitOfWork, scope: str, key: str, body_hash: str) -> Outcome | None:
        """The stored answer for ``key``, or None when the key is new."""
        row = await uow.session.get(IdempotencyRecord, (scope, key))
        if row is None:
            return None
        return stored_answer(row.request_hash, body_hash, row.status_code, row.response_body)


RECORDS = IdempotencyRecords()


async def once(
    open_uow: Callable[[], U],
    scope: str,
    key: str | None,
    body: Any,
    work: Callable[[U], Awaitable[tuple[int, Any]]],
    *,
    answers: Answers[U] = RECORDS,
    body_hash: str | None = None,
) -> Outcome:
    """Run ``work`` in one unit of work; with a key, once per (scope, key): the effect, its
    outbox rows and the stored answer commit together.

    The key is looked up only when the work cannot commit. A repeated request (a retry,
    or a concurrent twin) either collides on the key's unique constraint or is refused by
    the state the first one left (a bank reference already recorded, a task order already
    pending); both roll back whole, and if the first answer is stored by then, the request
    replays it. So a first request, the common case, costs no extra statement.

    ``answers`` keeps the answer: a separate idempotency record by default; a write whose own
    row carries its key, the request's hash and its answer (a deposit) passes its own, whose
    ``remember`` writes nothing more. ``body_hash`` is ``request_hash(body)`` when the caller
    computed it already (to store it on that row)."""
    if key is None:
        async with open_uow() as uow:
            status_code, response = await work(uow)
            await uow.commit()
        return Outcome(status_code, response)
    if body_hash is None:
        body_hash = request_hash(body)
    try:
        async with open_uow() as uow:
            status_code, response = await work(uow)
            await answers.remember(uow, scope, key, body_hash, status_code, response)
            await uow.commit()
    except (IntegrityError, ProblemError):
        async with open_uow() as uow:
            stored = await answers.replay(uow, scope, key, body_hash)
        if stored is None:
            raise
        return stored
    return Outcome(status_code, response)


async def run_idempotent(
    open_uow: Callable[[], U],
    scope: str,
    key: str | None,
    body: Any,
    work: Callable[[U], Awaitable[tuple[int, Any]]],
    *,
    answers: Answers[U] = RECORDS,
    body_hash: str | None = None,
) -> JSONResponse:
    """``once`` answered as JSON, with ``Idempotent-Replayed: true`` on a replay."""
    return (await once(open_uow, scope, key, body, work, answers=answers, body_hash=body_hash)).response()
