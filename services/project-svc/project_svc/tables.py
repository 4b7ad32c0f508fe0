"""project-svc's table registry: every project-svc table derives from ``ProjectTable``, so
its metadata is its own (housing-svc has a ``projects`` table too)."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class ProjectTable(SQLModel, registry=registry()):
    """Base of project-svc's tables (their own registry and metadata)."""
