"""fund-svc's table registry: every fund-svc table derives from ``FundTable``, so its
metadata is its own (beside the shared plumbing tables)."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class FundTable(SQLModel, registry=registry()):
    """Base of fund-svc's tables (their own registry and metadata)."""
