"""audit-svc's table registry: every audit-svc table derives from ``AuditTable``, so its
metadata is its own (beside the shared plumbing tables')."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class AuditTable(SQLModel, registry=registry()):
    """Base of audit-svc's tables (their own registry and metadata)."""
