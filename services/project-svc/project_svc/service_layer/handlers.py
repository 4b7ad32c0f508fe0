"""project-svc handlers: one per command and per consumed event, each one transaction
(state change + outbox rows) committed by the caller's unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlmodel import col

from expro_shared.db import UnitOfWork, utcnow
from expro_shared.events.contracts import (
    BudgetApproved,
    BudgetCategory,
    BudgetItem,
    EventData,
    FundingConfirmed,
    FundingShortfall,
    LandType,
    ProjectRegistered,
    TaskOrderBlocked,
    TaskOrderCreated,
    TaskOrderIssuanceRequested,
    TaskOrderIssued,
)
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.money import Money
from expro_shared.problems import ProblemError, conflict, not_found
from project_svc.adapters import repository as repo
from project_svc.adapters.tables import BudgetItemRow, ProjectRow, TaskOrderRow
from project_svc.domain import model

SOURCE = "/project-svc"


def _publish(uow: UnitOfWork, data: EventData, actor: str, **kw: object) -> CloudEvent:
    event = new_event(data, source=SOURCE, actor=actor, **kw)  # type: ignore[arg-type]
    uow.publish(event, data.TOPIC)
    return event


# --- commands --------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterProject:
    code: str
    name: str
    land_type: LandType
    district: str
    owner_unit: str
    planned_households: int
    planned_area_m2: str


async def register_project(uow: UnitOfWork, cmd: RegisterProject, actor: str) -> ProjectRow:
    if await repo.get_project_by_code(uow.session, cmd.code) is not None:
        raise conflict(f"a project with code {cmd.code!r} already exists")
    now = utcnow()
    project = ProjectRow(
        id=str(uuid.uuid4()),
        code=cmd.code,
        name=cmd.name,
        land_type=cmd.land_type.value,
        district=cmd.district,
        owner_unit=cmd.owner_unit,
        planned_households=cmd.planned_households,
        planned_area_m2=cmd.planned_area_m2,
        status=model.ProjectStatus.REGISTERED.value,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(project)
    _publish(
        uow,
        ProjectRegistered(
            project_id=project.id,
            code=project.code,
            name=project.name,
            land_type=cmd.land_type,
            district=project.district,
            owner_unit=project.owner_unit,
            planned_households=project.planned_households,
            planned_area_m2=project.planned_area_m2,
        ),
        actor,
    )
    return project


async def approve_budget(
    uow: UnitOfWork, project_id: str, items: list[tuple[BudgetCategory, int]], actor: str
) -> tuple[ProjectRow, list[BudgetItemRow]]:
    project = await repo.get_project(uow.session, project_id, lock=True)
    if project is None:
        raise not_found("project")
    orders = await repo.task_orders_of(uow.session, project_id)
    if not model.can_change_budget([model.TaskOrderStatus(o.status) for o in orders]):
        raise conflict("the budget is frozen while a task order is pending funds or issued")
    try:
        required = model.required_deposit(items)
    except model.BudgetInvalid as exc:
        raise ProblemError(
            422, "validation-error", "Validation Error", str(exc), errors=[{"loc": ["body", "items"], "msg": str(exc)}]
        ) from exc
    await uow.session.exec(delete(BudgetItemRow).where(col(BudgetItemRow.project_id) == project_id))
    rows = [BudgetItemRow(project_id=project_id, category=c.value, amount_fen=a) for c, a in items]
    uow.session.add_all(rows)
    project.required_deposit_fen = required
    project.status = model.ProjectStatus.BUDGETED.value
    project.updated_at = utcnow()
    uow.session.add(project)
    _publish(
        uow,
        BudgetApproved(
            project_id=project_id,
            owner_unit=project.owner_unit,
            land_type=LandType(project.land_type),
            required_deposit=Money(required),
            items=[BudgetItem(category=c, amount=Money(a)) for c, a in items],
        ),
        actor,
    )
    return project, sorted(rows, key=lambda r: r.category)


async def create_task_order(
    uow: UnitOfWork, project_id: str, title: str, scope: str, due_date: date, actor: str
) -> TaskOrderRow:
    project = await repo.get_project(uow.session, project_id, lock=True)
    if project is None:
        raise not_found("project")
    now = utcnow()
    order = TaskOrderRow(
        id=str(uuid.uuid4()),
        project_id=project_id,
        title=title,
        scope=scope,
        due_date=due_date,
        status=model.TaskOrderStatus.DRAFT.value,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(order)
    _publish(
        uow, TaskOrderCreated(project_id=project_id, task_order_id=order.id, title=title, due_date=due_date), actor
    )
    return order


async def request_issuance(uow: UnitOfWork, task_order_id: str, actor: str) -> TaskOrderRow:
    """§5 step 1: move to ``pending_funds`` and ask fund-svc; never decide from our own copy."""
    order = await repo.get_task_order(uow.session, task_order_id, lock=True)
    if order is None:
        raise not_found("task order")
    project = await repo.get_project(uow.session, order.project_id, lock=True)
    assert project is not None
    if project.required_deposit_fen is None:
        raise conflict("the project has no approved budget, so no required deposit to check")
    try:
        order.status = model.request_issuance(model.TaskOrderStatus(order.status)).value
    except model.InvalidTransition as exc:
        raise conflict(str(exc), current_status=order.status) from exc
    order.saga_id = str(uuid.uuid4())
    order.required_fen = project.required_deposit_fen
    order.deposited_fen = None
    order.shortfall_fen = None
    order.requested_at = order.updated_at = utcnow()
    uow.session.add(order)
    _publish(
        uow,
        TaskOrderIssuanceRequested(
            project_id=order.project_id,
            task_order_id=order.id,
            required_deposit=Money(project.required_deposit_fen),
        ),
        actor,
        correlationid=order.saga_id,
    )
    return order


# --- events ----------------------------------------------------------------------


async def on_funding_answer(event: CloudEvent, data: EventData, uow: UnitOfWork) -> None:
    """§5 step 3: fund-svc's answer issues or blocks the pending order (stale answers change nothing)."""
    assert isinstance(data, FundingConfirmed | FundingShortfall)
    order = await repo.get_task_order(uow.session, data.task_order_id, lock=True)
    if order is None:
        return
    confirmed = isinstance(data, FundingConfirmed)
    new_status = model.answer_funding(
        model.TaskOrderStatus(order.status), order.saga_id, event.correlationid, confirmed
    )
    if new_status is None:
        return
    now = utcnow()
    order.status = new_status.value
    order.required_fen = data.required.fen
    order.deposited_fen = data.deposited.fen
    order.updated_at = now
    if isinstance(data, FundingConfirmed):
        order.shortfall_fen = None
        order.issued_at = now
        out: EventData = TaskOrderIssued(project_id=order.project_id, task_order_id=order.id, issued_at=now)
    else:
        order.shortfall_fen = data.shortfall.fen
        out = TaskOrderBlocked(
            project_id=order.project_id,
            task_order_id=order.id,
            required=data.required,
            deposited=data.deposited,
            shortfall=data.shortfall,
        )
    uow.session.add(order)
    _publish(uow, out, event.actor, causation=event)
