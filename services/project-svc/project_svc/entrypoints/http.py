"""HTTP routes of project-svc: thin — parse, authorise, call a handler in one unit of work."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from expro_shared.auth import CurrentPrincipal, Principal, ensure_org_access, require_roles, scope_filters
from expro_shared.db import UnitOfWork
from expro_shared.events.contracts import LandType
from expro_shared.idempotency import OptionalIdempotencyKey, run_idempotent
from expro_shared.money import Money
from expro_shared.pagination import Cursor, Limit, Page, page_of
from expro_shared.problems import DepositShortfallProblem, ProblemError, not_found, problem_responses
from expro_shared.runtime import Runtime
from expro_shared.waiting import parse_prefer_wait
from project_svc.adapters import repository as repo
from project_svc.adapters.tables import BudgetItemRow, ProjectRow, TaskOrderRow
from project_svc.domain.model import ProjectStatus, TaskOrderStatus
from project_svc.entrypoints.schemas import (
    BudgetPublic,
    BudgetUpdate,
    ProjectCreate,
    ProjectPublic,
    TaskOrderCreate,
    TaskOrderPublic,
)
from project_svc.service_layer import handlers

router = APIRouter(prefix="/v1")

ProjectsWrite = Annotated[Principal, require_roles("center_staff", "center_leader")]
BudgetWrite = Annotated[Principal, require_roles("center_leader", "center_staff")]
TaskOrdersIssue = Annotated[Principal, require_roles("center_leader")]


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def project_public(p: ProjectRow, items: list[BudgetItemRow] | None = None) -> ProjectPublic:
    return ProjectPublic(
        id=p.id,
        code=p.code,
        name=p.name,
        land_type=LandType(p.land_type),
        district=p.district,
        owner_unit=p.owner_unit,
        planned_households=p.planned_households,
        planned_area_m2=p.planned_area_m2,
        status=ProjectStatus(p.status),
        required_deposit=Money(p.required_deposit_fen) if p.required_deposit_fen is not None else None,
        budget=[{"category": i.category, "amount": Money(i.amount_fen)} for i in items or []],  # type: ignore[misc]
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def task_order_public(o: TaskOrderRow) -> TaskOrderPublic:
    def money(v: int | None) -> Money | None:
        return Money(v) if v is not None else None

    return TaskOrderPublic(
        id=o.id,
        project_id=o.project_id,
        title=o.title,
        scope=o.scope,
        due_date=o.due_date,
        status=TaskOrderStatus(o.status),
        required=money(o.required_fen),
        deposited=money(o.deposited_fen),
        shortfall=money(o.shortfall_fen),
        requested_at=o.requested_at,
        issued_at=o.issued_at,
        created_at=o.created_at,
        updated_at=o.updated_at,
    )


def _visible(principal: Principal, project: ProjectRow | None) -> ProjectRow:
    if project is None:
        raise not_found("project")
    ensure_org_access(principal, project.owner_unit, "project", project.district)
    return project


@router.post(
    "/projects",
    tags=["projects"],
    operation_id="createProject",
    summary="登记征收项目 / register a project",
    status_code=201,
    response_model=ProjectPublic,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_project(
    body: ProjectCreate,
    request: Request,
    principal: ProjectsWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """登记一个征收项目（国有土地或集体土地）。

    Register an expropriation project on state-owned or collective land; emits `project_registered`.
    An optional `Idempotency-Key` makes a retried request replay the first response."""

    async def work(uow: UnitOfWork) -> tuple[int, Any]:
        project = await handlers.register_project(uow, handlers.RegisterProject(**body.model_dump()), principal.sub)
        return 201, project_public(project).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(_rt(request).db, scope, idempotency_key, body.model_dump(mode="json"), work)


@router.get(
    "/projects",
    tags=["projects"],
    operation_id="listProjects",
    summary="项目列表 / list projects",
    response_model=Page[ProjectPublic],
    responses=problem_responses(401, 422),
)
async def list_projects(
    request: Request,
    principal: CurrentPrincipal,
    district: Annotated[str | None, Query(description="属地 / district")] = None,
    owner_unit: Annotated[str | None, Query(description="业主单位 / owner unit")] = None,
    land_type: Annotated[LandType | None, Query(description="土地类型 / land type")] = None,
    status: Annotated[ProjectStatus | None, Query(description="状态 / status")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按条件分页列出项目；业主单位只能看到本单位项目，属地只能看到本辖区项目。

    Owner-unit users see only their own projects, district users only their district's."""
    scoped = scope_filters(principal, owner_unit, district)
    if scoped is None:
        return {"items": [], "next_cursor": None}
    owner_unit, district = scoped
    filters = {
        "district": district,
        "owner_unit": owner_unit,
        "land_type": land_type.value if land_type else None,
        "status": status.value if status else None,
    }
    async with _rt(request).db.sessionmaker() as session:
        rows = await repo.list_projects(session, filters, cursor, limit)
    return page_of(rows, limit, project_public)


@router.get(
    "/projects/{project_id}",
    tags=["projects"],
    operation_id="getProject",
    summary="项目详情 / get a project",
    response_model=ProjectPublic,
    responses=problem_responses(401, 404),
)
async def get_project(project_id: str, request: Request, principal: CurrentPrincipal) -> Any:
    """项目及其预算。The project with its budget and required deposit."""
    async with _rt(request).db.sessionmaker() as session:
        project = _visible(principal, await repo.get_project(session, project_id))
        items = await repo.budget_items(session, project_id)
    return project_public(project, items)


@router.put(
    "/projects/{project_id}/budget",
    tags=["projects"],
    operation_id="approveBudget",
    summary="批准项目预算 / approve the budget",
    response_model=BudgetPublic,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def approve_budget(project_id: str, body: BudgetUpdate, request: Request, principal: BudgetWrite) -> Any:
    """设定各专款类别金额，应预存金额为其合计；发出 `budget_approved`。

    Sets the earmarked amounts; the required deposit is their sum. The budget is frozen while
    an issuance is pending or once a task order is issued (409)."""
    async with _rt(request).db.uow() as uow:
        _, rows = await handlers.approve_budget(
            uow, project_id, [(i.category, i.amount.fen) for i in body.items], principal.sub
        )
        await uow.commit()
    return BudgetPublic(
        project_id=project_id,
        required_deposit=Money(sum(r.amount_fen for r in rows)),
        items=[{"category": r.category, "amount": Money(r.amount_fen)} for r in rows],  # type: ignore[misc]
    )


@router.post(
    "/projects/{project_id}/task-orders",
    tags=["task-orders"],
    operation_id="createTaskOrder",
    summary="起草任务交办书 / draft a task order",
    status_code=201,
    response_model=TaskOrderPublic,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_task_order(
    project_id: str,
    body: TaskOrderCreate,
    request: Request,
    principal: ProjectsWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """起草任务交办书（状态 draft）。Drafts a task order in status `draft`; an optional
    `Idempotency-Key` makes a retried request replay the first response."""

    async def work(uow: UnitOfWork) -> tuple[int, Any]:
        order = await handlers.create_task_order(uow, project_id, body.title, body.scope, body.due_date, principal.sub)
        return 201, task_order_public(order).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(_rt(request).db, scope, idempotency_key, body.model_dump(mode="json"), work)


@router.get(
    "/projects/{project_id}/task-orders",
    tags=["task-orders"],
    operation_id="listTaskOrders",
    summary="项目的任务交办书 / list a project's task orders",
    response_model=Page[TaskOrderPublic],
    responses=problem_responses(401, 404, 422),
)
async def list_task_orders(
    project_id: str, request: Request, principal: CurrentPrincipal, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """分页列出项目的任务交办书。Task orders of a project, oldest first."""
    async with _rt(request).db.sessionmaker() as session:
        _visible(principal, await repo.get_project(session, project_id))
        rows = await repo.list_task_orders(session, project_id, cursor, limit)
    return page_of(rows, limit, task_order_public)


async def _load_order(request: Request, principal: Principal, task_order_id: str) -> TaskOrderRow:
    async with _rt(request).db.sessionmaker() as session:
        order = await repo.get_task_order(session, task_order_id)
        if order is None:
            raise not_found("task order")
        _visible(principal, await repo.get_project(session, order.project_id))
    return order


@router.get(
    "/task-orders/{task_order_id}",
    tags=["task-orders"],
    operation_id="getTaskOrder",
    summary="任务交办书详情 / get a task order",
    response_model=TaskOrderPublic,
    responses=problem_responses(401, 404),
)
async def get_task_order(task_order_id: str, request: Request, principal: CurrentPrincipal) -> Any:
    """状态、应存、已存，以及被阻止时的缺口。Status, required, deposited and, when blocked, the shortfall."""
    return task_order_public(await _load_order(request, principal, task_order_id))


@router.post(
    "/task-orders/{task_order_id}/issue",
    tags=["task-orders"],
    operation_id="issueTaskOrder",
    summary="签发任务交办书 / issue a task order",
    response_model=TaskOrderPublic,
    status_code=202,
    responses={
        200: {"model": TaskOrderPublic, "description": "已签发 / issued (with Prefer: wait)"},
        **problem_responses(401, 403, 404, 409, r409=DepositShortfallProblem),
    },
)
async def issue_task_order(
    task_order_id: str,
    request: Request,
    response: Response,
    principal: TaskOrdersIssue,
    prefer: Annotated[
        str | None,
        Header(description="RFC 7240 `wait=N` (N ≤ 30): wait for fund-svc's decision / 等待资金决定"),
    ] = None,
) -> Any:
    """将 draft 或 blocked 的任务交办书置为 pending_funds，由资金服务按其已入账预存款决定签发或阻止。

    Moves a `draft` or `blocked` order to `pending_funds` and asks fund-svc, which decides
    on its own committed deposits. Without `Prefer: wait` → 202. With `Prefer: wait=N`:
    200 issued, 409 `deposit-shortfall` (with `required`, `deposited`, `shortfall`), or 202
    if N seconds pass first. A 409 `conflict` means the order is not draft or blocked."""
    rt = _rt(request)
    wait = parse_prefer_wait(prefer)
    notifier = rt.extras["notifier"]
    waiter = notifier.waiter(task_order_id)
    try:
        async with rt.db.uow() as uow:
            order = await repo.get_task_order(uow.session, task_order_id)
            if order is None:
                raise not_found("task order")
            _visible(principal, await repo.get_project(uow.session, order.project_id))
            order = await handlers.request_issuance(uow, task_order_id, principal.sub)
            await uow.commit()
        if wait is not None:
            response.headers["Preference-Applied"] = f"wait={wait:g}"
            deadline = time.monotonic() + wait
            while order.status == TaskOrderStatus.PENDING_FUNDS.value:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(waiter.wait(), remaining)
                except TimeoutError:
                    break
                waiter.clear()
                order = await _load_order(request, principal, task_order_id)
    finally:
        notifier.discard(task_order_id, waiter)
    public = task_order_public(order)
    if order.status == TaskOrderStatus.ISSUED.value:
        response.status_code = 200
    elif order.status == TaskOrderStatus.BLOCKED.value:
        raise ProblemError(
            409,
            "deposit-shortfall",
            "Deposit Shortfall",
            f"the owner unit's deposits fall short of the required deposit by {public.shortfall} yuan",
            headers={"Preference-Applied": f"wait={wait:g}"} if wait is not None else None,
            task_order_id=order.id,
            required=str(public.required),
            deposited=str(public.deposited),
            shortfall=str(public.shortfall),
        )
    return public
