"""HTTP routes of budgets: thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from expro_shared.problems import problem_responses
from expro_shared.vocabulary import Money
from project_svc.budgets import handlers
from project_svc.budgets.commands import ApproveBudget
from project_svc.budgets.schemas import BudgetPublic, BudgetUpdate
from project_svc.deps import BudgetWrite, Rt
from project_svc.errors import BudgetFrozen, BudgetInvalid
from project_svc.projects.schemas import BudgetItemPublic

router = APIRouter(prefix="/v1", tags=["projects"])


@router.put(
    "/projects/{project_id}/budget",
    operation_id="approveBudget",
    summary="批准项目预算 / approve the budget",
    response_model=BudgetPublic,
    responses=problem_responses(401, 403, 404, BudgetFrozen, BudgetInvalid),
)
async def approve_budget(project_id: str, body: BudgetUpdate, rt: Rt, principal: BudgetWrite) -> Any:
    """设定各专款类别金额，应预存金额为其合计；发出 `budget_approved`。

    Sets the earmarked amounts; the required deposit is their sum. The budget is frozen while
    an issuance is pending or once a task order is issued (409)."""
    async with rt.uow(principal.sub) as uow:
        project, rows = await handlers.approve_budget(
            uow, ApproveBudget(project_id, [(i.category, i.amount.fen) for i in body.items])
        )
        await uow.commit()
    return BudgetPublic(
        project_id=project_id,
        required_deposit=Money(project.required_deposit_fen or 0),
        items=[BudgetItemPublic(category=r.category, amount=Money(r.amount_fen)) for r in rows],  # type: ignore[arg-type]
    )
