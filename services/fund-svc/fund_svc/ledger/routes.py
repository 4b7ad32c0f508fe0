"""HTTP routes of the ledger: thin — authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from expro_shared.problems import problem_responses
from fund_svc.deps import FundsRead, Rt
from fund_svc.errors import account_not_found
from fund_svc.ledger.schemas import AccountPublic

router = APIRouter(prefix="/v1", tags=["accounts"])


@router.get(
    "/projects/{project_id}/account",
    operation_id="getAccount",
    summary="项目专户余额 / get the project's account",
    response_model=AccountPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_account(project_id: str, rt: Rt, principal: FundsRead) -> Any:
    """应存、已存、缺口、是否足额、已锁定、已拨付、可用，及各专款类别余额。

    Required, deposited, shortfall, fully funded, committed (locked by issued task orders),
    disbursed, available, and the balance of each earmarked category."""
    async with rt.uow(principal.sub) as uow:
        account = await uow.accounts.get(project_id, principal=principal)
        if account is None:
            raise account_not_found()
        categories = await uow.categories.of(project_id)
    return AccountPublic.of(account, categories)
