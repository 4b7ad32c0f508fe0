"""Handlers of the reports: read the trail's sealed events of the types a report needs, in
one snapshot, and compute the figures (pure) from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit_svc.reports import domain
from audit_svc.trail.handlers import sealed_data

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


async def annual_report(uow: AuditUnitOfWork, year: int) -> domain.AnnualFigures:
    """The figures of ``year``, from the trail alone."""
    return domain.annual_figures(year, await sealed_data(uow, domain.TYPES))
