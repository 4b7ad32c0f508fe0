"""Handlers of task orders: drafting, and the project side of the issuance saga (DESIGN §5).

Each runs inside the caller's unit of work (state change + outbox row, one transaction).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.platform import DeadLettered
from expro_shared.events.project import (
    TaskOrderBlocked,
    TaskOrderCreated,
    TaskOrderIssuanceFailed,
    TaskOrderIssuanceRequested,
    TaskOrderIssued,
)
from expro_shared.problems import not_found
from expro_shared.vocabulary import Money
from project_svc.errors import BudgetNotApproved, TaskOrderNotIssuable
from project_svc.task_orders import domain
from project_svc.task_orders.commands import DraftTaskOrder, RequestIssuance
from project_svc.task_orders.domain import TaskOrderStatus
from project_svc.task_orders.tables import TaskOrderRow

if TYPE_CHECKING:
    from project_svc.uow import ProjectUnitOfWork


async def draft_task_order(uow: ProjectUnitOfWork, cmd: DraftTaskOrder) -> TaskOrderRow:
    """A new order in status ``draft`` (emits `task_order_created`)."""
    project = await uow.projects.get(cmd.project_id, lock=True)
    if project is None:
        raise not_found("project")
    now = utcnow()
    order = TaskOrderRow(
        id=str(uuid.uuid4()),
        project_id=cmd.project_id,
        title=cmd.title,
        scope=cmd.scope,
        due_date=cmd.due_date,
        status=TaskOrderStatus.DRAFT.value,
        created_by=uow.actor,
        created_at=now,
        updated_at=now,
    )
    uow.task_orders.add(order)
    uow.emit(
        TaskOrderCreated(project_id=cmd.project_id, task_order_id=order.id, title=cmd.title, due_date=cmd.due_date)
    )
    return order


async def request_issuance(uow: ProjectUnitOfWork, cmd: RequestIssuance) -> TaskOrderRow:
    """§5 step 1: move to ``pending_funds`` (a visible semantic lock) and ask fund-svc;
    never decide from our own copy of the funding state."""
    order = await uow.task_orders.get(cmd.task_order_id, lock=True)
    if order is None:
        raise not_found("task order")
    project = await uow.projects.get(order.project_id, lock=True)
    assert project is not None, "a task order's project is never deleted"
    if project.required_deposit_fen is None:
        raise BudgetNotApproved.error("the project has no approved budget, so no required deposit to check")
    try:
        order.status = domain.request_issuance(TaskOrderStatus(order.status)).value
    except domain.NotIssuable as exc:
        raise TaskOrderNotIssuable.error(str(exc), current_status=exc.status.value) from exc
    order.saga_id = str(uuid.uuid4())
    order.required_fen = project.required_deposit_fen
    order.deposited_fen = None
    order.shortfall_fen = None
    order.failure_reason = None
    order.requested_at = order.updated_at = utcnow()
    uow.task_orders.add(order)
    uow.emit(
        TaskOrderIssuanceRequested(
            project_id=order.project_id,
            task_order_id=order.id,
            required_deposit=Money(project.required_deposit_fen),
            saga_id=order.saga_id,
        ),
        correlationid=order.saga_id,
    )
    return order


async def on_funding_confirmed(event: CloudEvent, data: FundingConfirmed, uow: ProjectUnitOfWork) -> None:
    """§5 step 3: deposits cover the required deposit, so the pending order is issued."""
    order = await _pending_order(uow, event, data.task_order_id, data.saga_id, confirmed=True)
    if order is None:
        return
    now = utcnow()
    order.required_fen, order.deposited_fen, order.shortfall_fen = data.required.fen, data.deposited.fen, None
    order.issued_at = order.updated_at = now
    uow.task_orders.add(order)
    uow.emit(
        TaskOrderIssued(project_id=order.project_id, task_order_id=order.id, issued_at=now, saga_id=order.saga_id),
        causation=event,
    )


async def on_funding_shortfall(event: CloudEvent, data: FundingShortfall, uow: ProjectUnitOfWork) -> None:
    """§5 step 3: deposits fall short, so the pending order is blocked with the shortfall."""
    order = await _pending_order(uow, event, data.task_order_id, data.saga_id, confirmed=False)
    if order is None:
        return
    order.required_fen, order.deposited_fen, order.shortfall_fen = (
        data.required.fen,
        data.deposited.fen,
        data.shortfall.fen,
    )
    order.updated_at = utcnow()
    uow.task_orders.add(order)
    uow.emit(
        TaskOrderBlocked(
            project_id=order.project_id,
            task_order_id=order.id,
            required=data.required,
            deposited=data.deposited,
            shortfall=data.shortfall,
            saga_id=order.saga_id,
        ),
        causation=event,
    )


async def _pending_order(
    uow: ProjectUnitOfWork, event: CloudEvent, task_order_id: str, saga_id: str | None, *, confirmed: bool
) -> TaskOrderRow | None:
    """The order moved to its answered status, or None when the answer is stale (another
    round's, or a replay) and changes nothing."""
    order = await uow.task_orders.get(task_order_id, lock=True)
    if order is None:
        return None
    answered = domain.answer_funding(
        TaskOrderStatus(order.status), order.saga_id, saga_id or event.correlationid, confirmed
    )
    if answered is None:
        return None
    order.status = answered.value
    order.failure_reason = None  # a late answer of a failed round settles it after all
    return order


#: The saga's messages: if a consumer dead-letters one, the saga cannot finish on its own.
SAGA_EVENT_TYPES = frozenset({TaskOrderIssuanceRequested.TYPE, FundingConfirmed.TYPE, FundingShortfall.TYPE})


@dataclass(frozen=True)
class StrandedSaga:
    """The saga a dead-lettered message belonged to."""

    task_order_id: str
    saga_id: str | None


def stranded_saga(original: str) -> StrandedSaga | None:
    """The saga of a dead-lettered message (its raw text), or None when it is not one of the
    saga's messages (or not even a CloudEvent: then there is no saga to name)."""
    try:
        event = json.loads(original)
        data = event["data"]
        if event.get("type") not in SAGA_EVENT_TYPES or not isinstance(data.get("task_order_id"), str):
            return None
        saga = data.get("saga_id") or event.get("correlationid")
        return StrandedSaga(data["task_order_id"], saga if isinstance(saga, str) else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


async def on_saga_message_dead_lettered(event: CloudEvent, data: DeadLettered, uow: ProjectUnitOfWork) -> None:
    """A consumer gave up on one of the saga's messages (fund-svc on the request, or we on
    its answer): the pending order fails visibly with the reason, instead of waiting
    forever, and may be issued again. An answer arriving later (an operator replays the
    dead letter) still settles it."""
    stranded = stranded_saga(data.original)
    if stranded is None:
        return
    order = await uow.task_orders.get(stranded.task_order_id, lock=True)
    if order is None:
        return
    failed = domain.fail_issuance(TaskOrderStatus(order.status), order.saga_id, stranded.saga_id)
    if failed is None:
        return
    order.status = failed.value
    order.failure_reason = f"{data.consumer} could not handle the saga's message: {data.error}"[:2000]
    order.updated_at = utcnow()
    uow.task_orders.add(order)
    uow.emit(
        TaskOrderIssuanceFailed(
            project_id=order.project_id, task_order_id=order.id, reason=order.failure_reason, saga_id=order.saga_id
        ),
        causation=event,
    )
