"""HTTP routes of the public disclosure: public (no token) — 三公开 is published to everyone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from audit_svc.deps import Rt
from audit_svc.disclosure import handlers
from audit_svc.disclosure.schemas import PublicDisclosure
from expro_shared.problems import not_found, problem_responses

router = APIRouter(prefix="/v1/public", tags=["public"])

ProjectId = Annotated[str, Path(max_length=200, pattern=r"^[^\x00]*$", description="项目标识 / project id")]


@router.get(
    "/projects/{project_id}/disclosure",
    operation_id="getPublicDisclosure",
    summary="征收信息公开（三公开）/ a project's public disclosure",
    response_model=PublicDisclosure,
    responses=problem_responses(404),
)
async def public_disclosure(project_id: ProjectId, rt: Rt) -> Any:
    """公开调查结果、补偿标准和分户补偿结果（姓名、身份证号打码），仅由审计留痕计算，无需令牌。

    The project's survey results, compensation standards and per-household results, from
    the audit trail alone; names and id numbers masked (张*, 4312**********1234). Public."""
    async with rt.uow("public") as uow:  # read-only: nothing to commit
        found = await handlers.disclosure(uow, project_id)
    if found is None:
        raise not_found("project")
    return found
