"""Commands of deposits (imperative requests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from expro_shared.auth import Principal


@dataclass(frozen=True)
class RecordDeposit:
    """登记预存款 / credit a project's dedicated account with an owner-unit deposit.

    ``principal`` is who records it: an owner-unit user may pay only into their own org's
    project (any other account is not found)."""

    project_id: str
    amount_fen: int
    bank_reference: str
    payer: str
    received_at: datetime
    principal: Principal
