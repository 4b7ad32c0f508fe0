"""API models of task orders (``XCreate`` in, ``XPublic`` out). Money is a yuan string."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import Money
from expro_shared.requests import IsoDate, RequestBody, Text
from project_svc.projects.schemas import ProjectID
from project_svc.task_orders.domain import TaskOrderStatus
from project_svc.task_orders.tables import TaskOrderRow

TaskOrderID = Annotated[str, Field(description="任务交办书标识 / task order id (UUID)")]


class TaskOrderCreate(RequestBody):
    """起草任务交办书 / draft a task order."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"title": "城南片区房屋征收任务", "scope": "61户国有土地上房屋征收", "due_date": "2023-06-30"}]
        },
    )
    title: Text = Field(min_length=1, max_length=200, description="标题 / title")
    scope: Text = Field(min_length=1, max_length=10000, description="任务范围 / scope of work")
    due_date: IsoDate = Field(description="完成期限 / due date")


class TaskOrderPublic(BaseModel):
    id: TaskOrderID
    project_id: ProjectID
    title: str
    scope: str
    due_date: date
    status: TaskOrderStatus = Field(description="draft | pending_funds | issued | blocked | failed")
    required: Money | None = Field(None, description="应预存 / required deposit checked")
    deposited: Money | None = Field(None, description="已预存 / deposits when decided")
    shortfall: Money | None = Field(None, description="缺口（被阻止时）/ shortfall, when blocked")
    failure_reason: str | None = Field(
        None, description="失败原因（流程事件未能处理时）/ why the issuance failed (a saga message was dead-lettered)"
    )
    requested_at: datetime | None = None
    issued_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, o: TaskOrderRow) -> TaskOrderPublic:
        return cls(
            id=o.id,
            project_id=o.project_id,
            title=o.title,
            scope=o.scope,
            due_date=o.due_date,
            status=TaskOrderStatus(o.status),
            required=Money.maybe(o.required_fen),
            deposited=Money.maybe(o.deposited_fen),
            shortfall=Money.maybe(o.shortfall_fen),
            failure_reason=o.failure_reason,
            requested_at=o.requested_at,
            issued_at=o.issued_at,
            created_at=o.created_at,
            updated_at=o.updated_at,
        )
