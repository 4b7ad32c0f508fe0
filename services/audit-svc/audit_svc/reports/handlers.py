"""Handlers of the reports: read the trail's sealed events of the types a report needs, in
one snapshot, and compute the figures (pure) from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from audit_svc.reports import domain

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


async def sealed_data(uow: AuditUnitOfWork, types: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    """``(type, data)`` of every sealed event of ``types``, in trail order (one snapshot)."""
    await uow.records.snapshot()
    found: list[tuple[str, dict[str, Any]]] = []
    async for batch in uow.records.events_of(types):
        for kind, payload in batch:
            data = orjson.loads(payload).get("data")
            if isinstance(data, dict):
                found.append((kind, data))
    return found


async def annual_report(uow: AuditUnitOfWork, year: int) -> domain.AnnualFigures:
    """The figures of ``year``, from the trail alone."""
    return domain.annual_figures(year, await sealed_data(uow, domain.TYPES))
