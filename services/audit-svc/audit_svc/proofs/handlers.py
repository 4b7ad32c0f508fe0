"""Handlers of the transparency log's proofs (RFC 9162 §2.1.3, §2.1.4) and checkpoints:
read-only, each answer from O(log n) stored hashes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit_svc.errors import LeafNotInTree, TreeSizeBeyondLog
from audit_svc.trail import domain
from expro_shared.problems import not_found, validation_error

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


@dataclass(frozen=True)
class InclusionProof:
    event_id: str
    leaf_index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    audit_path: list[str]


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root_hash: str
    second_root_hash: str
    proof: list[str]


async def _log_size(uow: AuditUnitOfWork, asked: int | None) -> int:
    size = (await uow.records.head()).seq
    if asked is not None and asked > size:
        raise TreeSizeBeyondLog.error(f"the log holds {size} records, not {asked}", log_size=size)
    return size if asked is None else asked


async def inclusion_proof(uow: AuditUnitOfWork, event_id: str, tree_size: int | None) -> InclusionProof:
    """The audit path of the record of ``event_id`` in the tree of ``tree_size`` leaves (the
    whole log when not given)."""
    record = await uow.records.get(event_id)
    if record is None or record.seq is None:
        raise not_found("audit record")
    index = record.seq - 1
    size = await _log_size(uow, tree_size)
    if index >= size:
        raise LeafNotInTree.error(
            f"the record is leaf {index}, sealed after the tree of {size} leaves", leaf_index=index
        )
    ranges = domain.inclusion_ranges(index, size)
    stored = await uow.records.stored(domain.proof_keys(ranges) | set(domain.root_keys(size)))
    return InclusionProof(
        event_id=record.event_id,
        leaf_index=index,
        leaf_hash=record.leaf_hash,
        tree_size=size,
        root_hash=domain.root_hash(size, stored),
        audit_path=domain.proof_hashes(ranges, stored),
    )


async def consistency_proof(uow: AuditUnitOfWork, first: int, second: int | None) -> ConsistencyProof:
    """The proof that the tree of ``first`` leaves is a prefix of the tree of ``second``
    (the whole log when not given)."""
    size = await _log_size(uow, second)
    if first > size:
        if second is None:
            raise TreeSizeBeyondLog.error(f"the log holds {size} records, not {first}", log_size=size)
        raise validation_error("first may not be larger than second", ["query", "first"])
    ranges = domain.consistency_ranges(first, size) if first else []
    keys = domain.proof_keys(ranges) | set(domain.root_keys(first)) | set(domain.root_keys(size))
    stored = await uow.records.stored(keys)
    return ConsistencyProof(
        first=first,
        second=size,
        first_root_hash=domain.root_hash(first, stored),
        second_root_hash=domain.root_hash(size, stored),
        proof=domain.proof_hashes(ranges, stored),
    )
