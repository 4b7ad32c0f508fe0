"""HTTP routes of the transparency log: public (no token) — a log is checked by people who
do not trust the center. Thin: parse, one unit of work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from audit_svc.deps import Log, Rt
from audit_svc.errors import LeafNotInTree, TreeSizeBeyondLog
from audit_svc.proofs import handlers
from audit_svc.proofs.schemas import (
    CheckpointKeyPublic,
    CheckpointPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
)
from audit_svc.trail.handlers import cut_checkpoint
from audit_svc.trail.repository import CHECKPOINT_PAGES
from expro_shared.pagination import Limit, Page, SeqCursor
from expro_shared.problems import not_found, problem_responses

router = APIRouter(prefix="/v1/audit", tags=["transparency"])
PUBLIC = "public"

TreeSize = Annotated[
    int | None,
    Query(ge=1, le=2**62, description="树的规模 / tree size (the whole log when absent)"),
]


@router.get(
    "/checkpoints/latest",
    operation_id="getLatestCheckpoint",
    summary="最新签名检查点 / the latest signed checkpoint",
    response_model=CheckpointPublic,
    responses=problem_responses(),
)
async def latest_checkpoint(rt: Rt, log: Log) -> Any:
    """日志当前规模的签名检查点（公开）。

    The signed checkpoint of the log as it stands (public). Checkpoints are cut in the
    transaction that seals each batch; one the log outgrew another way is cut here."""
    async with rt.uow(PUBLIC) as uow:
        row = await cut_checkpoint(uow, log)
        await uow.commit()
    return CheckpointPublic.of(row)


@router.get(
    "/checkpoints",
    operation_id="listCheckpoints",
    summary="签名检查点列表 / list the signed checkpoints",
    response_model=Page[CheckpointPublic],
    responses=problem_responses(),
)
async def list_checkpoints(rt: Rt, limit: Limit = 50, cursor: SeqCursor = None) -> Any:
    """按日志增长顺序列出已签发的检查点（公开）。

    Every checkpoint cut, in the order the log grew (public)."""
    async with rt.uow(PUBLIC) as uow:
        rows = await uow.records.checkpoint_page(cursor, limit)
    return CHECKPOINT_PAGES.page(rows, limit, CheckpointPublic.of)


@router.get(
    "/checkpoints/key",
    operation_id="getCheckpointKey",
    summary="检查点验证公钥 / the checkpoints' verifier key",
    response_model=CheckpointKeyPublic,
    responses=problem_responses(),
)
async def checkpoint_key(log: Log) -> Any:
    """验证检查点签名的公钥（C2SP 验证密钥格式，公开）。

    The verifier key of the checkpoint notes, in the C2SP note verifier-key format (public)."""
    return CheckpointKeyPublic(
        key=log.signer.verifier_key(), name=log.signer.name, origin=log.origin, algorithm="ed25519"
    )


@router.get(
    "/checkpoints/{tree_size}",
    operation_id="getCheckpoint",
    summary="某规模的签名检查点 / the signed checkpoint of one tree size",
    response_model=CheckpointPublic,
    responses=problem_responses(404),
)
async def get_checkpoint(tree_size: Annotated[int, Path(ge=0, le=2**62)], rt: Rt) -> Any:
    """某一规模的检查点（若曾签发，公开）。

    The checkpoint cut at one tree size, if one was (public)."""
    async with rt.uow(PUBLIC) as uow:
        row = await uow.records.checkpoint(tree_size)
    if row is None:
        raise not_found("checkpoint")
    return CheckpointPublic.of(row)


@router.get(
    "/records/{event_id}/inclusion-proof",
    operation_id="getInclusionProof",
    summary="包含证明 / inclusion proof of a record",
    response_model=InclusionProofPublic,
    responses=problem_responses(404, TreeSizeBeyondLog, LeafNotInTree),
)
async def inclusion_proof(event_id: str, rt: Rt, tree_size: TreeSize = None) -> Any:
    """记录在规模为 tree_size 的树中的审计路径（RFC 9162 §2.1.3，公开）。

    The audit path of the record's leaf in the tree of ``tree_size`` leaves (RFC 9162
    §2.1.3; public). A size the log has not reached, or one the record was sealed after, is
    refused."""
    async with rt.uow(PUBLIC) as uow:
        proof = await handlers.inclusion_proof(uow, event_id, tree_size)
    return InclusionProofPublic.of(proof)


@router.get(
    "/consistency-proof",
    operation_id="getConsistencyProof",
    summary="一致性证明 / consistency proof between two tree sizes",
    response_model=ConsistencyProofPublic,
    responses=problem_responses(TreeSizeBeyondLog),
)
async def consistency_proof(
    rt: Rt,
    first: Annotated[int, Query(ge=1, le=2**62, description="较早的规模 / the earlier tree size")],
    second: TreeSize = None,
) -> Any:
    """证明规模 first 的树是规模 second 的树的前缀（RFC 9162 §2.1.4，公开）。

    Proves the tree of ``first`` leaves is a prefix of the tree of ``second`` (RFC 9162
    §2.1.4; public); ``first`` > ``second`` is a validation problem."""
    async with rt.uow(PUBLIC) as uow:
        proof = await handlers.consistency_proof(uow, first, second)
    return ConsistencyProofPublic.of(proof)
