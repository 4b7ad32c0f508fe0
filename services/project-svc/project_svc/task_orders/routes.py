"""HTTP routes of task orders: thin — parse, authorise, one unit of work; the issue route
waits (``Prefer: wait``) for the saga's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey, once, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import not_found, problem_responses
from expro_shared.waiting import parse_prefer_wait, preference_applied, wait_for_outcome
from project_svc.deps import ProjectsRead, ProjectsWrite, Rt, TaskOrderNotifier, TaskOrdersIssue
from project_svc.errors import BudgetNotApproved, DepositShortfallProblem, IssuanceFailed, TaskOrderNotIssuable
from project_svc.task_orders import handlers
from project_svc.task_orders.commands import DraftTaskOrder, RequestIssuance
from project_svc.task_orders.domain import TaskOrderStatus
from project_svc.task_orders.repository import PAGES
from project_svc.task_orders.schemas import TaskOrderCreate, TaskOrderPublic
from project_svc.task_orders.tables import TaskOrderRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork

router = APIRouter(prefix="/v1", tags=["task-orders"])


@router.post(
    "/projects/{project_id}/task-orders",
    operation_id="createTaskOrder",
    summary="起草任务交办书 / draft a task order",
    status_code=201,
    response_model=TaskOrderPublic,
    responses=problem_responses(401, 403, 404, IdempotencyKeyReused),
)
async def create_task_order(
    project_id: str,
    body: TaskOrderCreate,
    request: Request,
    rt: Rt,
    principal: ProjectsWrite,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """起草任务交办书（状态 draft）。Drafts a task order in status `draft`; an optional
    `Idempotency-Key` makes a retried request replay the first response."""

    async def work(uow: ProjectUnitOfWork) -> tuple[int, Any]:
        order = await handlers.draft_task_order(uow, DraftTaskOrder(project_id, body.title, body.scope, body.due_date))
        return 201, TaskOrderPublic.of(order).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    return await run_idempotent(
        lambda: rt.uow(principal.sub), scope, idempotency_key, body.model_dump(mode="json"), work
    )


@router.get(
    "/projects/{project_id}/task-orders",
    operation_id="listTaskOrders",
    summary="项目的任务交办书 / list a project's task orders",
    response_model=Page[TaskOrderPublic],
    responses=problem_responses(401, 403, 404),
)
async def list_task_orders(
    project_id: str, rt: Rt, principal: ProjectsRead, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """分页列出项目的任务交办书。Task orders of a project, oldest first."""
    async with rt.uow(principal.sub) as uow:
        if await uow.projects.get(project_id, principal=principal) is None:
            raise not_found("project")
        rows = await uow.task_orders.page(project_id, cursor, limit)
    return PAGES.page(rows, limit, TaskOrderPublic.of)


@router.get(
    "/task-orders/{task_order_id}",
    operation_id="getTaskOrder",
    summary="任务交办书详情 / get a task order",
    response_model=TaskOrderPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_task_order(task_order_id: str, rt: Rt, principal: ProjectsRead) -> Any:
    """状态、应存、已存，以及被阻止时的缺口。Status, required, deposited and, when blocked, the shortfall."""
    async with rt.uow(principal.sub) as uow:
        order = await uow.task_orders.get(task_order_id, principal=principal)
    if order is None:
        raise not_found("task order")
    return TaskOrderPublic.of(order)


@router.post(
    "/task-orders/{task_order_id}/issue",
    operation_id="issueTaskOrder",
    summary="签发任务交办书 / issue a task order",
    response_model=TaskOrderPublic,
    status_code=202,
    responses={
        200: {"model": TaskOrderPublic, "description": "已签发 / issued (with Prefer: wait)"},
        **problem_responses(
            401,
            403,
            404,
            BudgetNotApproved,
            TaskOrderNotIssuable,
            DepositShortfallProblem,
            IssuanceFailed,
            IdempotencyKeyReused,
        ),
    },
)
async def issue_task_order(
    task_order_id: str,
    request: Request,
    response: Response,
    rt: Rt,
    notifier: TaskOrderNotifier,
    principal: TaskOrdersIssue,
    prefer: Annotated[
        str | None,
        Header(description="RFC 7240 `wait=N` (N ≤ 30): wait for fund-svc's decision / 等待资金决定"),
    ] = None,
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """将 draft 或 blocked 的任务交办书置为 pending_funds，由资金服务按其已入账预存款决定签发或阻止。

    Moves a `draft` or `blocked` order to `pending_funds` and asks fund-svc, which decides
    on its own committed deposits. Without `Prefer: wait` → 202. With `Prefer: wait=N`:
    200 issued, 409 `deposit-shortfall` (with `required`, `deposited`, `shortfall`), or 202
    if N seconds pass first, or 409 `issuance-failed` when a message of the saga could not be
    handled (the order is then `failed`, with the reason, and may be issued again). A 409
    `task-order-not-issuable` means the order is not draft, blocked or failed;
    `budget-not-approved`, that the project has no budget yet. With an optional
    `Idempotency-Key`, a retry (e.g. after a lost answer) replays the first request instead
    of being refused, and then waits like the first one."""
    wait = parse_prefer_wait(prefer)
    requested: list[TaskOrderRow] = []

    async def work(uow: ProjectUnitOfWork) -> tuple[int, Any]:
        order = await handlers.request_issuance(uow, RequestIssuance(task_order_id))
        requested.append(order)
        return 202, TaskOrderPublic.of(order).model_dump(mode="json")

    async def reload() -> TaskOrderRow:
        async with rt.uow(principal.sub) as uow:
            order = await uow.task_orders.get(task_order_id)
        assert order is not None
        return order

    with notifier.watch(task_order_id) as woken:
        scope = f"{principal.sub} POST {request.url.path}"
        outcome = await once(lambda: rt.uow(principal.sub), scope, idempotency_key, None, work)
        order = requested[0] if requested and not outcome.replayed else await reload()
        order = await wait_for_outcome(
            woken, wait, order, lambda o: o.status != TaskOrderStatus.PENDING_FUNDS.value, reload
        )
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers.update(preference_applied(wait))
    public = TaskOrderPublic.of(order)
    if order.status == TaskOrderStatus.ISSUED.value:
        response.status_code = 200
    elif order.status == TaskOrderStatus.FAILED.value:
        raise IssuanceFailed.error(
            "the issuance could not complete; it may be requested again",
            headers=preference_applied(wait) or None,
            task_order_id=order.id,
            reason=order.failure_reason or "",
        )
    elif order.status == TaskOrderStatus.BLOCKED.value:
        raise DepositShortfallProblem.error(
            f"the owner unit's deposits fall short of the required deposit by {public.shortfall} yuan",
            headers=preference_applied(wait) or None,
            task_order_id=order.id,
            required=str(public.required),
            deposited=str(public.deposited),
            shortfall=str(public.shortfall),
        )
    return public
