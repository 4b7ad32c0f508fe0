"""In-memory fakes of the services' units of work, for handler tests without a database.

Each fake repository keeps rows in a dict and offers the methods the handlers call; the
fake units of work combine them with ``InMemoryUnitOfWork`` (events land in ``emitted``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from expro_shared.auth import Principal, can_read
from expro_shared.testing import InMemoryUnitOfWork
from fund_svc.funding.tables import FundingDecisionRow
from fund_svc.ledger.domain import Ledger
from fund_svc.ledger.tables import AccountRow
from fund_svc.uow import FundUnitOfWork
from project_svc.budgets.tables import BudgetItemRow
from project_svc.projects.tables import ProjectRow
from project_svc.task_orders.domain import HOLDS_BUDGET, TaskOrderStatus
from project_svc.task_orders.tables import TaskOrderRow
from project_svc.uow import ProjectUnitOfWork


class FakeProjects:
    def __init__(self) -> None:
        self.rows: dict[str, ProjectRow] = {}

    def add(self, *rows: ProjectRow) -> None:
        for row in rows:
            self.rows[row.id] = row

    async def get(
        self, project_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> ProjectRow | None:
        row = self.rows.get(project_id)
        if row is None or (principal is not None and not can_read(principal, row.owner_unit, row.district)):
            return None
        return row

    async def by_code(self, code: str) -> ProjectRow | None:
        return next((r for r in self.rows.values() if r.code == code), None)


class FakeBudgetItems:
    def __init__(self) -> None:
        self.rows: dict[str, list[BudgetItemRow]] = {}

    async def of(self, project_id: str) -> list[BudgetItemRow]:
        return sorted(self.rows.get(project_id, []), key=lambda r: r.category)

    async def replace(self, project_id: str, rows: list[BudgetItemRow]) -> None:
        self.rows[project_id] = list(rows)


class FakeTaskOrders:
    def __init__(self, projects: FakeProjects) -> None:
        self.rows: dict[str, TaskOrderRow] = {}
        self.projects = projects

    def add(self, *rows: TaskOrderRow) -> None:
        for row in rows:
            self.rows[row.id] = row

    async def get(
        self, task_order_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> TaskOrderRow | None:
        row = self.rows.get(task_order_id)
        if row is None or (
            principal is not None and await self.projects.get(row.project_id, principal=principal) is None
        ):
            return None
        return row

    async def any_holding_budget(self, project_id: str) -> bool:
        return any(r.project_id == project_id and TaskOrderStatus(r.status) in HOLDS_BUDGET for r in self.rows.values())


class FakeProjectUoW(InMemoryUnitOfWork, ProjectUnitOfWork):
    """project-svc's unit of work over in-memory repositories."""

    def __init__(self, actor: str = "leader-1", **kw: Any) -> None:
        super().__init__(source="/project-svc", actor=actor)
        self.projects = FakeProjects()  # type: ignore[assignment]
        self.budget_items = FakeBudgetItems()  # type: ignore[assignment]
        self.task_orders = FakeTaskOrders(self.projects)  # type: ignore[assignment]


class FakeAccounts:
    def __init__(self, *accounts: AccountRow) -> None:
        self.rows = {a.project_id: a for a in accounts}
        self.locked: list[str] = []

    async def get(
        self, project_id: str, *, principal: Principal | None = None, lock: bool = False
    ) -> AccountRow | None:
        account = self.rows.get(project_id)
        if account is None or (principal is not None and not can_read(principal, account.owner_unit)):
            return None
        if lock:
            self.locked.append(project_id)
        return account

    def add(self, *rows: AccountRow) -> None:
        self.rows.update({r.project_id: r for r in rows})

    async def lock_ledger(self, project_id: str, *, principal: Principal | None = None) -> Ledger | None:
        account = await self.get(project_id, principal=principal, lock=True)
        return None if account is None else account.ledger()

    async def save_ledger(self, project_id: str, ledger: Ledger, at: datetime) -> None:
        account = self.rows[project_id]
        account.required_fen, account.deposited_fen = ledger.required, ledger.deposited
        account.committed_fen, account.disbursed_fen = ledger.committed, ledger.disbursed
        account.held_fen, account.closed = ledger.held, ledger.closed
        account.updated_at = at


class FakeDecisions:
    def __init__(self) -> None:
        self.rows: dict[str, FundingDecisionRow] = {}

    async def get(self, saga_id: str) -> FundingDecisionRow | None:
        return self.rows.get(saga_id)

    def add(self, *rows: FundingDecisionRow) -> None:
        self.rows.update({r.saga_id: r for r in rows})


class FakeFundUoW(InMemoryUnitOfWork, FundUnitOfWork):
    """fund-svc's unit of work over in-memory repositories."""

    def __init__(self, *accounts: AccountRow, **kw: Any) -> None:
        super().__init__(source="/fund-svc", **kw)
        self.accounts = FakeAccounts(*accounts)
        self.funding_decisions = FakeDecisions()
