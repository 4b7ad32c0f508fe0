"""What every route of the lifecycle's steps (DESIGN §7.1) does the same way: record a step
in one unit of work (optionally once per Idempotency-Key), list a project's rows of a step
and get one row, each readable when its project is; ``read_routes`` declares that pair of
reads for a step in one call."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, Protocol

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from expro_shared.auth import Principal
from expro_shared.idempotency import run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from expro_shared.runtime import Runtime
from project_svc.deps import ProjectsRead, Rt

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


#: The ``household_id`` query filter of the lists of steps that name a household.
HouseholdFilter = Annotated[str | None, Query(max_length=36, description="被征收户 / only this household's")]


class Public(Protocol):
    """A step's response model: built from its row by ``of``."""

    @classmethod
    def of(cls, row: Any, /) -> BaseModel: ...


def read_routes(
    router: APIRouter,
    model: type[Public],
    repository: Callable[[ProjectUnitOfWork], StepRepository[Any]],
    what: str,
    *,
    list_path: str,
    list_operation: str,
    list_summary: str,
    list_description: str,
    get_path: str,
    get_operation: str,
    get_summary: str,
    get_description: str,
    household_filter: bool = False,
) -> None:
    """Declare a step's two reads on ``router``, list first: ``GET list_path``
    (``/projects/{project_id}/…``: a page of the project's rows, via ``list_of_project``;
    with ``household_filter``, narrowed by a ``household_id`` query) and ``GET get_path``
    (``/…/{<id>}``: one row via ``get_one``, 404 naming ``what``). Each is documented as a
    hand-written endpoint would be: the operation id, summary and description given, the
    response ``model`` (a ``Page`` of it for the list) and 401/403/404 problems."""
    found = re.fullmatch(r"/[^{}]+/\{(\w+)\}", get_path)
    if found is None or not list_path.startswith("/projects/{project_id}/"):
        raise ValueError(f"not a step's list and get: {list_path}, {get_path}")
    id_param = found[1]

    async def list_rows(
        project_id: str,
        rt: Rt,
        principal: ProjectsRead,
        limit: Limit = 50,
        cursor: Cursor = None,
        household_id: HouseholdFilter = None,
    ) -> Any:
        filters = {"household_id": household_id} if household_filter else {}
        return await list_of_project(rt, principal, project_id, repository, model.of, cursor, limit, **filters)

    async def get_row(rt: Rt, principal: ProjectsRead, **path: str) -> Any:
        return await get_one(rt, principal, repository, path[id_param], what, model.of)

    # FastAPI reads an endpoint's parameters from its signature: the list has no
    # ``household_id`` without the filter, and the get's path parameter is named by get_path.
    listed = inspect.signature(list_rows)
    list_rows.__signature__ = listed.replace(  # type: ignore[attr-defined]
        parameters=[p for p in listed.parameters.values() if household_filter or p.name != "household_id"]
    )
    got = inspect.signature(get_row)
    get_row.__signature__ = got.replace(  # type: ignore[attr-defined]
        parameters=[
            inspect.Parameter(id_param, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str),
            *[p for p in got.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD],
        ]
    )
    router.get(
        list_path,
        operation_id=list_operation,
        summary=list_summary,
        description=list_description,
        response_model=Page[model],  # type: ignore[valid-type]
        responses=problem_responses(401, 403, 404),
        name=_snake(list_operation),
    )(list_rows)
    router.get(
        get_path,
        operation_id=get_operation,
        summary=get_summary,
        description=get_description,
        response_model=model,
        responses=problem_responses(401, 403, 404),
        name=_snake(get_operation),
    )(get_row)


def _snake(operation_id: str) -> str:
    """``listRiskAssessments`` → ``list_risk_assessments`` (the route's name)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
