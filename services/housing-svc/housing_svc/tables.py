"""housing-svc's table registry: every housing-svc table derives from ``HousingTable``, so
its metadata is its own (project-svc has a ``projects`` table too, and the services' models
meet in one process whenever the whole test suite or a tool loads them)."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class HousingTable(SQLModel, registry=registry()):
    """Base of housing-svc's tables (their own registry and metadata)."""
