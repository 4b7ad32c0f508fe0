"""The parts every service's FastAPI app has: problem handlers, trace and metrics
middleware, ``/healthz``, ``/readyz``, ``/metrics`` and the dead-letter admin routes."""

from __future__ import annotations

import math
import re
import time
from datetime import datetime
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlmodel import col, select
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from expro_shared.auth import Principal, require_roles
from expro_shared.db import utcnow
from expro_shared.logs import configure_logging
from expro_shared.metrics import HTTP_LATENCY, HTTP_REQUESTS
from expro_shared.pagination import Cursor, Keyset, Limit, Page
from expro_shared.problems import (
    PROBLEM_MEDIA_TYPE,
    Problem,
    install_problem_handlers,
    not_found,
    problem_response,
    problem_responses,
)
from expro_shared.requests import NO_NUL
from expro_shared.tables import DeadLetter
from expro_shared.tracing import child_traceparent, set_traceparent

#: Token-less paths outside the OpenAPI document: the API documents themselves. The rest
#: (health, readiness, metrics, a service's public reads) are read from the document.
PUBLIC_PATHS = ("/docs", "/openapi.json", "/redoc")
_TOO_MANY = "请求过多 / too many requests; retry after the Retry-After seconds"


class TraceMiddleware:
    """Pure ASGI: continue the caller's ``traceparent`` (or start a trace), answer with it,
    and count the request (by route template) in the metrics."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"traceparent")
        traceparent = child_traceparent(incoming.decode("latin-1") if incoming else None)
        set_traceparent(traceparent)
        start = time.perf_counter()
        status = 500

        async def send_with_trace(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"traceparent", traceparent.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        finally:
            template = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            HTTP_REQUESTS.labels(self.service, method, template, status).inc()
            HTTP_LATENCY.labels(self.service, method, template).observe(time.perf_counter() - start)


class HttpSettings(BaseSettings):
    """Limits of the HTTP edge, the same for every service (read when the app is built)."""

    model_config = SettingsConfigDict(env_prefix="EXPRO_", extra="ignore")

    #: Larger request bodies get 413 before any handler reads them.
    max_body_bytes: int = 1_048_576
    #: Per client address and route, on every endpoint that needs no token (health,
    #: readiness, metrics, the API documents, and a service's own public reads such as the
    #: transparency log): more gets 429 with Retry-After.
    public_rate_limit: str = "1200/minute"


class PublicRateLimit:
    """Pure ASGI: rate-limits every token-less endpoint per client address with the
    ``limits`` library's moving window, one window per route (so varying an id in the path
    does not escape it); authenticated endpoints answer to their tokens.

    Which routes are token-less is read once from the service's own OpenAPI (an operation
    without a security requirement), so a public endpoint added later is limited too."""

    def __init__(self, app: ASGIApp, limit: str, service: FastAPI) -> None:
        self.app = app
        self.item = parse_limit(limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.service = service
        self._routes: list[tuple[re.Pattern[str], str]] | None = None

    def _route(self, path: str) -> str | None:
        """The token-less route ``path`` belongs to, or None when it needs a token."""
        if path in PUBLIC_PATHS:
            return path
        if self._routes is None:
            self._routes = token_less_routes(self.service)
        return next((template for regex, template in self._routes if regex.match(path)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = self._route(scope["path"]) if scope["type"] == "http" else None
        if route is not None:
            client = (scope.get("client") or ("unknown", 0))[0]
            if not self.limiter.hit(self.item, route, client):
                reset = self.limiter.get_window_stats(self.item, route, client).reset_time
                retry_after = str(max(1, math.ceil(reset - time.time())))
                response = problem_response(
                    429,
                    "too-many-requests",
                    "Too Many Requests",
                    f"more than {self.item} on this public endpoint; retry after {retry_after} s",
                    headers={"Retry-After": retry_after},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _token_less(item: dict[str, Any]) -> bool:
    return any(isinstance(op, dict) and not op.get("security") for op in item.values())


def token_less_routes(app: FastAPI) -> list[tuple[re.Pattern[str], str]]:
    """(path regex, path template) of every route some operation of which needs no token."""
    return [
        (compile_path(template)[0], template) for template, item in app.openapi()["paths"].items() if _token_less(item)
    ]


class BodyLimit:
    """Pure ASGI: a request body over ``max_bytes`` gets 413 problem+json — at once when its
    Content-Length says so, else as soon as the streamed bytes pass the limit (raised inside
    the app, where the problem handlers answer it)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = problem_response(413, "payload-too-large", "Payload Too Large", self._too_large())
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, self._too_large())
            return message

        await self.app(scope, limited, send)


class NoNulInUrl:
    """Pure ASGI: a path or query with U+0000 gets 422 before any handler runs. PostgreSQL
    cannot store or compare it (a 500 otherwise), and it is refused on every database
    alike; request bodies refuse it through ``expro_shared.requests.Text``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").lower()
            where = "path" if "\x00" in scope["path"] else "query" if b"%00" in query or b"\x00" in query else None
            if where is not None:
                detail = f"the {where} contains U+0000, which no value may hold"
                response = problem_response(
                    422, "validation-error", "Validation Error", detail, errors=[{"loc": [where], "msg": detail}]
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _text_without_nul(schema: dict[str, Any]) -> None:
    """A free-text parameter schema says what ``NoNulInUrl`` enforces: no U+0000."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and not ({"pattern", "enum", "const", "format"} & branch.keys()):
            branch["pattern"] = NO_NUL


def _complete_openapi(app: FastAPI) -> None:
    """What FastAPI cannot know: every operation that takes a body can answer 400 (a body
    that is not even text), every token-less one 429 (``PublicRateLimit``), and no path or
    query text may hold U+0000 (``NoNulInUrl``); declared, so generated clients and fuzzers know."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for item in schema["paths"].values():
                for op in item.values():
                    if not isinstance(op, dict):
                        continue
                    for parameter in op.get("parameters", []):
                        if parameter.get("in") in ("path", "query"):
                            _text_without_nul(parameter["schema"])
                    if not op.get("security"):
                        op["responses"].setdefault(
                            "429",
                            {
                                "description": _TOO_MANY,
                                "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                            },
                        )
                    if "requestBody" in op:
                        op["responses"].setdefault(
                            "400",
                            {
                                "description": "请求体无法解析 / the request body cannot be decoded",
                                "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                            },
                        )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(*, service: str, title: str, description: str, lifespan: Any, tags: list[dict[str, str]]) -> FastAPI:
    limits_ = HttpSettings()
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=[
            *tags,
            {"name": "operations", "description": "健康、就绪、指标、死信 / health, readiness, metrics, dead letters"},
        ],
        separate_input_output_schemas=False,
    )
    configure_logging(service)  # before uvicorn's first lines; the lifespan applies the level
    install_problem_handlers(app)
    app.add_middleware(NoNulInUrl)  # innermost: its answer carries the trace and is counted
    app.add_middleware(TraceMiddleware, service=service)
    app.add_middleware(PublicRateLimit, limit=limits_.public_rate_limit, service=app)
    app.add_middleware(BodyLimit, max_bytes=limits_.max_body_bytes)
    app.include_router(operations_router())
    _complete_openapi(app)
    return app


class DeadLetterPublic(BaseModel):
    id: str
    consumer: str
    topic: str
    partition: int
    offset: int
    event_id: str | None
    event_type: str | None
    error: str
    payload: str
    failed_at: datetime
    replayed_at: datetime | None


class DeadLetterReplayFailed(Problem):
    """死信重放失败 / the dead letter could not be handled again."""

    SLUG: ClassVar[str | None] = "dead-letter-replay-failed"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Dead Letter Replay Failed"


class ReadyReport(BaseModel):
    status: str
    database: str
    tasks: dict[str, dict[str, Any]]


DEAD_LETTER_PAGES = Keyset((col(DeadLetter.failed_at), col(DeadLetter.id)))
ReplayOperator = Annotated[Principal, require_roles("center_leader")]


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get(
        "/healthz", operation_id="healthz", summary="进程存活 / process is alive", responses=problem_responses(429)
    )
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        operation_id="readyz",
        summary="就绪 / database reachable, broker connected, consumers assigned",
        response_model=ReadyReport,
        responses={503: {"model": ReadyReport, "description": "not ready"}, **problem_responses(429)},
    )
    async def readyz(request: Request) -> JSONResponse:
        rt = request.app.state.runtime
        try:
            await rt.db.ping()
            database = "ok"
        except Exception as exc:  # reported, not raised: readiness is the answer
            database = f"error: {type(exc).__name__}"
        tasks = {
            name: {"ready": s.ready, "restarts": s.restarts, "last_error": s.last_error}
            for name, s in rt.supervisor.states.items()
        }
        ok = database == "ok" and rt.supervisor.ready()
        body = {"status": "ready" if ok else "not_ready", "database": database, "tasks": tasks}
        return JSONResponse(body, status_code=200 if ok else 503)

    @router.get(
        "/metrics",
        operation_id="metrics",
        summary="Prometheus 指标 / metrics",
        response_class=Response,
        responses=problem_responses(429),
    )
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    operator = require_roles("center_leader", "auditor")

    @router.get(
        "/v1/admin/dead-letters",
        operation_id="listDeadLetters",
        summary="死信列表 / events that failed their handler",
        response_model=Page[DeadLetterPublic],
        dependencies=[operator],
        responses=problem_responses(401, 403, 422),
    )
    async def list_dead_letters(request: Request, limit: Limit = 50, cursor: Cursor = None) -> Any:
        db = request.app.state.runtime.db
        async with db.sessionmaker() as session:
            rows = list((await session.exec(DEAD_LETTER_PAGES.apply(select(DeadLetter), cursor, limit))).all())
        return DEAD_LETTER_PAGES.page(rows, limit, lambda r: DeadLetterPublic.model_validate(r, from_attributes=True))

    @router.post(
        "/v1/admin/dead-letters/{dead_letter_id}/replay",
        operation_id="replayDeadLetter",
        summary="重放死信 / handle a dead letter again (idempotently)",
        response_model=DeadLetterPublic,
        responses=problem_responses(401, 403, 404, DeadLetterReplayFailed),
    )
    async def replay_dead_letter(dead_letter_id: str, request: Request, principal: ReplayOperator) -> Any:
        rt = request.app.state.runtime
        async with rt.db.sessionmaker() as session:
            letter = await session.get(DeadLetter, dead_letter_id)
        if letter is None:
            raise not_found("dead letter")
        consumer = rt.consumers.get(letter.consumer)
        if consumer is None:
            raise DeadLetterReplayFailed.error(f"no consumer named {letter.consumer} in this service")
        try:
            await consumer.replay(letter)
        except Exception as exc:
            raise DeadLetterReplayFailed.error(f"replay failed: {type(exc).__name__}: {exc}") from exc
        async with rt.db.sessionmaker() as session, session.begin():
            row = await session.get(DeadLetter, dead_letter_id, populate_existing=True, with_for_update=True)
            assert row is not None
            row.replayed_at = utcnow()
        return DeadLetterPublic.model_validate(row, from_attributes=True)

    return router
