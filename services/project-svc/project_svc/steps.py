"""What every route of the lifecycle's steps (DESIGN §7.1) does the same way: record a step
in one unit of work (optionally once per Idempotency-Key), list a project's rows of a step
and get one row, each readable when its project is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from expro_shared.auth import Principal
from expro_shared.idempotency import run_idempotent
from expro_shared.problems import not_found
from expro_shared.runtime import Runtime

if TYPE_CHECKING:
    from project_svc.projects.repository import StepRepository
    from project_svc.uow import ProjectUnitOfWork


async def record(
    rt: Runtime[ProjectUnitOfWork],
    principal: Principal,
    request: Request,
    idempotency_key: str | None,
    body: BaseModel,
    handle: Callable[[ProjectUnitOfWork], Awaitable[Any]],
    public: Callable[[Any], BaseModel],
    status_code: int = 201,
) -> JSONResponse:
    """Run ``handle`` (a handler) in one unit of work and answer its row as ``public``; a
    retried request with the same key replays the first answer."""

    async def work(uow: ProjectUnitOfWork) -> tuple[int, Any]:
        return status_code, public(await handle(uow)).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


async def list_of_project(
    rt: Runtime[ProjectUnitOfWork],
    principal: Principal,
    project_id: str,
    repository: Callable[[ProjectUnitOfWork], StepRepository[Any]],
    public: Callable[[Any], BaseModel],
    cursor: str | None,
    limit: int,
    **filters: Any,
) -> dict[str, Any]:
    """A page of the project's rows of one step (404 when the caller cannot see the project)."""
    async with rt.uow(principal.sub) as uow:
        if await uow.projects.get(project_id, principal=principal) is None:
            raise not_found("project")
        repo = repository(uow)
        rows = await repo.page(project_id, cursor, limit, **filters)
        page: dict[str, Any] = repo.pages.page(rows, limit, public)
        return page


async def get_one(
    rt: Runtime[ProjectUnitOfWork],
    principal: Principal,
    repository: Callable[[ProjectUnitOfWork], StepRepository[Any]],
    row_id: str,
    what: str,
    public: Callable[[Any], BaseModel],
) -> BaseModel:
    """One row of a step, if the caller can see its project (404 otherwise: no existence leak)."""
    async with rt.uow(principal.sub) as uow:
        row = await repository(uow).get(row_id, principal=principal)
    if row is None:
        raise not_found(what)
    return public(row)
