"""Fixtures of fund-svc's integration tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from expro_shared.events.envelope import new_event
from expro_shared.events.project import BudgetApproved, BudgetItem
from expro_shared.vocabulary import BudgetCategory, LandType, Money
from tests.support import deliver


@pytest.fixture
def open_account() -> Callable[..., Awaitable[None]]:
    """``await open_account(app, project_id, required)``: feed the app's consumer the
    project's approved budget, as Kafka would (the account opens with it)."""

    async def open_(app: Any, project_id: str, required: str = "100.00") -> None:
        consumer = app.state.runtime.consumers["fund-svc.project-events"]
        data = BudgetApproved(
            project_id=project_id,
            owner_unit="城投公司",
            land_type=LandType.STATE_OWNED,
            required_deposit=Money.parse(required),
            items=[BudgetItem(category=BudgetCategory.COMPENSATION, amount=Money.parse(required))],
        )
        await deliver(consumer, new_event(data, source="/project-svc", actor="lead"))

    return open_


@pytest.fixture
def open_budget() -> Callable[..., Awaitable[None]]:
    """``await open_budget(app, project_id, {"compensation": "100.00", ...})``: the approved
    budget with several earmarked categories (required = their sum), fed to the consumer."""

    async def open_(app: Any, project_id: str, items: dict[str, str], owner_unit: str = "城投公司") -> None:
        consumer = app.state.runtime.consumers["fund-svc.project-events"]
        budget = [BudgetItem(category=BudgetCategory(c), amount=Money.parse(a)) for c, a in items.items()]
        data = BudgetApproved(
            project_id=project_id,
            owner_unit=owner_unit,
            land_type=LandType.STATE_OWNED,
            required_deposit=Money(sum(i.amount.fen for i in budget)),
            items=budget,
        )
        await deliver(consumer, new_event(data, source="/project-svc", actor="lead"))

    return open_


@pytest.fixture
def deposit() -> Callable[..., Awaitable[None]]:
    """``await deposit(client, project_id, "100.00", ref)``: finance records a deposit."""
    from tests.support import bearer

    async def deposit_(client: Any, project_id: str, amount: str, ref: str = "ICBC-1") -> None:
        r = await client.post(
            f"/v1/projects/{project_id}/deposits",
            json={
                "amount": amount,
                "bank_reference": ref,
                "payer": "城投公司",
                "received_at": "2022-03-15T10:30:00+08:00",
            },
            headers=bearer("cashier-in", "finance") | {"Idempotency-Key": f"dep-{ref}"},
        )
        assert r.status_code == 201, r.text

    return deposit_
