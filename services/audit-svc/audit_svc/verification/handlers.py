"""Handlers of verification: recompute the whole chain on demand, read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit_svc.trail.handlers import Verdict, walk_chain

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


async def verify_chain(uow: AuditUnitOfWork) -> Verdict:
    """Recompute the whole chain from genesis against its recorded head, and the Merkle tree
    against the stored nodes and the latest checkpoint, in one snapshot (call it before
    anything else reads in ``uow``)."""
    return await walk_chain(uow)
