"""Handlers of the dashboard: what the public page shows, gathered from the trail.

The latest checkpoint is read (and cut, if the log outgrew it) on every request, with two
O(log n) checks: its signature opens with the published key, and its root is the root of
the stored tree. What costs a walk of the trail — the full chain verification, the records
per service and the year's figures — is recomputed at most once per refresh period and
shared by every request in between (a public page must not be a way to load the service)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from audit_svc.reports import domain as reports
from audit_svc.trail import domain
from audit_svc.trail.handlers import Verdict, cut_checkpoint, sealed_data, walk_chain
from audit_svc.trail.tables import CheckpointRow
from expro_shared.db import utcnow
from expro_shared.requests import center_today

if TYPE_CHECKING:
    from audit_svc.uow import AuditUnitOfWork


@dataclass(frozen=True)
class Checkpoint:
    row: CheckpointRow
    signature_valid: bool
    root_matches_tree: bool
    verifier_key: str


@dataclass(frozen=True)
class Survey:
    """The costly part of the page, as of ``taken_at``."""

    taken_at: datetime
    chain: Verdict
    by_source: dict[str, int]
    figures: list[reports.AnnualFigures]


async def checkpoint(uow: AuditUnitOfWork, log: domain.SignedLog) -> Checkpoint:
    """The latest checkpoint (cut now if the log outgrew it), checked against the key and the
    stored tree; the caller commits."""
    row = await cut_checkpoint(uow, log)
    stored = await uow.records.stored(set(domain.root_keys(row.tree_size)))
    key = log.signer.verifier_key()
    return Checkpoint(
        row=row,
        signature_valid=domain.open_note(row.note, key) is not None,
        root_matches_tree=domain.root_hash(row.tree_size, stored) == row.root_hash,
        verifier_key=key,
    )


class SurveyCache:
    """The last ``Survey``, recomputed when older than ``refresh_seconds`` (one at a time)."""

    def __init__(self, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self._lock = asyncio.Lock()
        self._survey: Survey | None = None
        self._at = 0.0

    async def get(self, new_uow: Callable[[], AuditUnitOfWork]) -> Survey:
        async with self._lock:
            if self._survey is None or time.monotonic() - self._at >= self.refresh_seconds:
                self._survey = await survey(new_uow)
                self._at = time.monotonic()
            return self._survey


async def survey(new_uow: Callable[[], AuditUnitOfWork]) -> Survey:
    """Verify the whole chain, count records per service, and compute this year's and last
    year's figures (each in its own read-only unit of work)."""
    async with new_uow() as uow:
        chain = await walk_chain(uow)
    async with new_uow() as uow:
        by_source = await uow.records.count_by_source()
    year = center_today().year
    async with new_uow() as uow:
        data = await sealed_data(uow, reports.TYPES)
    figures = [reports.annual_figures(y, data) for y in (year, year - 1)]
    return Survey(taken_at=utcnow(), chain=chain, by_source=by_source, figures=figures)
