"""audit-svc's unit of work: one transaction, with every repository of the service
hanging off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from audit_svc.trail.repository import AuditRecordRepository
from expro_shared.db import UnitOfWork


class AuditUnitOfWork(UnitOfWork):
    records: AuditRecordRepository

    def bind(self, session: AsyncSession) -> None:
        self.records = AuditRecordRepository(session)
