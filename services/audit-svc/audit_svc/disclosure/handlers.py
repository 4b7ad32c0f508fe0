"""Handlers of the public disclosure: the project's sealed events, in one snapshot, made
into the masked disclosure (pure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit_svc.disclosure import domain
from audit_svc.trail.handlers import sealed_data

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


async def disclosure(uow: AuditUnitOfWork, project_id: str) -> dict[str, Any] | None:
    """The disclosure of ``project_id`` from the trail alone; None for a project it never saw."""
    return domain.disclosure(project_id, await sealed_data(uow, domain.TYPES, subject=project_id))
