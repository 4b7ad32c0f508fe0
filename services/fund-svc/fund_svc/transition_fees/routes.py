"""HTTP routes of transition fees (过渡费): thin — parse, authorise, one unit of work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from expro_shared.problems import not_found, problem_responses
from fund_svc.deps import FeePolicyWrite, FundsRead, Rt
from fund_svc.errors import account_not_found
from fund_svc.transition_fees import domain, handlers
from fund_svc.transition_fees.commands import SetFeePolicy
from fund_svc.transition_fees.schemas import FeePolicyIn, FeePolicyPublic

router = APIRouter(prefix="/v1", tags=["transition-fees"])


@router.put(
    "/projects/{project_id}/transition-fee-policy",
    operation_id="setTransitionFeePolicy",
    summary="设定过渡费标准 / set the transition-fee policy",
    response_model=FeePolicyPublic,
    responses=problem_responses(401, 403, 404),
)
async def set_transition_fee_policy(project_id: str, body: FeePolicyIn, rt: Rt, principal: FeePolicyWrite) -> Any:
    """按面积或按户的月标准，及逾期交房倍数；此后的月度过渡费按此计算。Per ㎡ or per household
    each month, and the multiplier for days after the promised delivery date; later runs
    follow it. Emits `transition_fee_policy_set`."""
    policy = domain.FeePolicy(domain.Basis(body.basis), body.monthly_rate.fen, domain.hundredths(body.late_multiplier))
    async with rt.uow(principal.sub) as uow:
        row = await handlers.set_policy(uow, SetFeePolicy(project_id, policy))
        await uow.commit()
    return FeePolicyPublic.of(row)


@router.get(
    "/projects/{project_id}/transition-fee-policy",
    operation_id="getTransitionFeePolicy",
    summary="过渡费标准 / get the transition-fee policy",
    response_model=FeePolicyPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_transition_fee_policy(project_id: str, rt: Rt, principal: FundsRead) -> Any:
    """项目的过渡费标准。The project's transition-fee policy (404 when none is set)."""
    async with rt.uow(principal.sub) as uow:
        if await uow.accounts.get(project_id, principal=principal) is None:
            raise account_not_found()
        row = await uow.fee_policies.get(project_id)
    if row is None:
        raise not_found("transition-fee policy", "no transition-fee policy is set for this project")
    return FeePolicyPublic.of(row)
