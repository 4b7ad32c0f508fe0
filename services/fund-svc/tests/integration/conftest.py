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
        (consumer,) = app.state.runtime.consumers.values()
        data = BudgetApproved(
            project_id=project_id,
            owner_unit="城投公司",
            land_type=LandType.STATE_OWNED,
            required_deposit=Money.parse(required),
            items=[BudgetItem(category=BudgetCategory.COMPENSATION, amount=Money.parse(required))],
        )
        await deliver(consumer, new_event(data, source="/project-svc", actor="lead"))

    return open_
