"""The parts every service's FastAPI app has: problem handlers, trace and metrics
middleware, ``/healthz``, ``/readyz``, ``/metrics`` and the dead-letter admin routes."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlmodel import col, select
from starlette.middleware.base import BaseHTTPMiddleware

from expro_shared.auth import Principal, require_roles
from expro_shared.db import utcnow
from expro_shared.logs import configure_logging
from expro_shared.metrics import HTTP_LATENCY, HTTP_REQUESTS
from expro_shared.pagination import Cursor, Keyset, Limit, Page
from expro_shared.problems import Problem, install_problem_handlers, not_found, problem_responses
from expro_shared.tables import DeadLetter
from expro_shared.tracing import child_traceparent, set_traceparent

PUBLIC_PATHS = ("/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/redoc")


class TraceMiddleware(BaseHTTPMiddleware):
    """Continue the caller's ``traceparent`` (or start a trace) and count the request."""

    def __init__(self, app: Any, service: str) -> None:
        super().__init__(app)
        self.service = service

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        traceparent = child_traceparent(request.headers.get("traceparent"))
        set_traceparent(traceparent)
        start = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(self.service, request.method, template, response.status_code).inc()
        HTTP_LATENCY.labels(self.service, request.method, template).observe(time.perf_counter() - start)
        response.headers["traceparent"] = traceparent
        return response


def create_app(*, service: str, title: str, description: str, lifespan: Any, tags: list[dict[str, str]]) -> FastAPI:
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
    app.add_middleware(TraceMiddleware, service=service)
    app.include_router(operations_router())
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


def runtime_of(request: Request) -> Any:
    """The running service's ``Runtime`` (built in the lifespan)."""
    return request.app.state.runtime


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", operation_id="healthz", summary="进程存活 / process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        operation_id="readyz",
        summary="就绪 / database reachable, broker connected, consumers assigned",
        response_model=ReadyReport,
        responses={503: {"model": ReadyReport, "description": "not ready"}},
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

    @router.get("/metrics", operation_id="metrics", summary="Prometheus 指标 / metrics", response_class=Response)
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
