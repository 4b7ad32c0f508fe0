"""One registry of every event type, built from the producers' contract modules: it maps a
type to its data model (and so its topic); the AsyncAPI document is generated from it."""

from __future__ import annotations

from types import ModuleType

from expro_shared.events import audit, fund, housing, platform, project
from expro_shared.events.base import EventData


def _models(*modules: ModuleType) -> list[type[EventData]]:
    return [
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, EventData) and obj.__module__ == module.__name__
    ]


REGISTRY: dict[str, type[EventData]] = {m.TYPE: m for m in _models(project, fund, housing, audit, platform)}
