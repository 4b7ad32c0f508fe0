"""RFC 9457 problem details for every error path.

A refusal is a ``ProblemError`` raised anywhere below a route; the handlers installed by
``install_problem_handlers`` turn it, validation errors, HTTP errors and unexpected
exceptions into ``application/problem+json``. Never a stack trace on the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Union

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from expro_shared.tracing import current_trace_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger(__name__)


def _declare_named(schema: dict[str, Any], cls: type[Any]) -> None:
    """A named problem's schema pins its ``type`` and ``status``, so a generated client can
    tell one refusal from another."""
    slug = getattr(cls, "SLUG", None)
    if slug and "properties" in schema:
        schema["properties"]["type"]["const"] = f"/problems/{slug}"
        schema["properties"]["type"]["examples"] = [f"/problems/{slug}"]
        schema["properties"]["status"]["const"] = cls.STATUS


class Problem(BaseModel):
    """问题详情 / RFC 9457 problem details.

    A business refusal is a subclass naming itself: ``SLUG`` (its type is
    ``/problems/<slug>``), ``STATUS`` and ``TITLE``, plus its extension members as fields.
    Raise it with ``raise TheRefusal.error("detail", member=value)`` and declare it in the
    route's ``responses=problem_responses(..., TheRefusal)``."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_declare_named)

    SLUG: ClassVar[str | None] = None
    STATUS: ClassVar[int] = 400
    TITLE: ClassVar[str] = "Bad Request"
    DESCRIPTION: ClassVar[str | None] = None

    type: str = Field(description="问题类型 / problem type URI", examples=["/problems/not-found"])
    title: str = Field(description="简述 / short summary")
    status: int = Field(description="HTTP 状态码 / HTTP status code")
    detail: str | None = Field(None, description="说明 / human-readable explanation")
    trace_id: str | None = Field(None, description="追踪号 / trace id of the request")

    @classmethod
    def error(cls, detail: str | None = None, *, headers: dict[str, str] | None = None, **ext: Any) -> ProblemError:
        """The exception that answers with this problem."""
        assert cls.SLUG is not None, f"{cls.__name__} is not a named problem"
        return ProblemError(cls.STATUS, cls.SLUG, cls.TITLE, detail, headers, **ext)


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str


class ValidationProblem(Problem):
    """校验失败 / the request is not valid: `errors` lists where and why."""

    # Its type is pinned like a named refusal's, so a generated client tells it from the
    # other 422 problems (idempotency-key-reused).

    SLUG: ClassVar[str | None] = "validation-error"
    STATUS: ClassVar[int] = 422
    TITLE: ClassVar[str] = "Validation Error"

    errors: list[ErrorItem] = Field(default_factory=list)


class ProblemError(Exception):
    """A refusal that becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.headers = headers
        self.extensions = extensions


def not_found(what: str, detail: str | None = None) -> ProblemError:
    return ProblemError(404, "not-found", "Not Found", detail or f"{what} not found")


def forbidden(detail: str) -> ProblemError:
    return ProblemError(403, "forbidden", "Forbidden", detail)


def unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "unauthorized", "Unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


def validation_error(detail: str, loc: list[str | int] | None = None) -> ProblemError:
    return ValidationProblem.error(detail, errors=[{"loc": loc or [], "msg": detail}])


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": f"/problems/{slug}", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    body.update(extensions)
    trace_id = current_trace_id()
    if trace_id:
        body["trace_id"] = trace_id
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


_HTTP_SLUGS = {
    400: ("bad-request", "Bad Request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not Found"),
    405: ("method-not-allowed", "Method Not Allowed"),
    406: ("not-acceptable", "Not Acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload Too Large"),
    415: ("unsupported-media-type", "Unsupported Media Type"),
    422: ("validation-error", "Validation Error"),
}


def _loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        yield from _routes(included.routes) if included is not None else (route,)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in _routes(request.app.router.routes):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.slug, exc.title, exc.detail, exc.headers, **exc.extensions)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]
        return problem_response(
            422,
            "validation-error",
            "Validation Error",
            "the request is not valid; see errors",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title = _HTTP_SLUGS.get(exc.status_code, ("http-error", "HTTP Error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            # Starlette names only the first route whose path matched; a path served by
            # several routes (GET and POST /v1/projects) allows all of their methods.
            headers = (headers or {}) | {"Allow": ", ".join(_allowed_methods(request))}
        return problem_response(exc.status_code, slug, title, detail, headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", error_type=type(exc).__name__)
        return problem_response(
            500,
            "internal-error",
            "Internal Server Error",
            "an unexpected error occurred; quote the trace_id when reporting it",
        )


_DESCRIPTIONS = {
    400: "请求无法解析 / the request body cannot be decoded",
    401: "未认证 / missing or invalid bearer token",
    403: "无权限 / the caller's roles or organisation do not allow this",
    404: "不存在 / not found (or not visible to the caller)",
    409: "冲突 / conflicts with the current state",
    413: "请求体过大 / the request body is larger than the service accepts",
    422: "校验失败 / the request is not valid",
    429: "请求过多 / too many requests; retry after the Retry-After seconds",
}


def problem_responses(*declared: int | type[Problem]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries declaring each failure with its problem model.

    A status code stands for the generic problem of that status; a named problem (a
    ``Problem`` subclass with a ``SLUG``) for itself. Several problems of one status are
    declared as ``anyOf`` (a named problem is also a generic one). 422 is always declared:
    any path, query or header can fail validation, and otherwise FastAPI documents its own
    error shape instead of ours."""
    by_status: dict[int, list[type[Problem]]] = {}
    for item in (422, *declared):
        status = item if isinstance(item, int) else item.STATUS
        model = item if not isinstance(item, int) else ValidationProblem if item == 422 else Problem
        models = by_status.setdefault(status, [])
        if model not in models:
            models.append(model)
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted(by_status):
        models = by_status[code]
        refs = [{"$ref": f"#/components/schemas/{m.__name__}"} for m in models]
        described = [m.DESCRIPTION for m in models if m.DESCRIPTION]
        out[code] = {
            "model": models[0] if len(models) == 1 else Union[tuple(models)],  # noqa: UP007
            "description": "; ".join(described) if described else _DESCRIPTIONS.get(code, "problem"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": refs[0] if len(refs) == 1 else {"anyOf": refs}}},
        }
    return out
