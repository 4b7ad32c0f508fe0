"""Commands of task orders (任务交办书)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DraftTaskOrder:
    """起草任务交办书 / draft a task order for a project."""

    project_id: str
    title: str
    scope: str
    due_date: date


@dataclass(frozen=True)
class RequestIssuance:
    """签发任务交办书 / ask for a task order to be issued (fund-svc decides, DESIGN §5)."""

    task_order_id: str
