"""Commands of deposits (imperative requests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from expro_shared.auth import Principal


@dataclass(frozen=True)
class RecordDeposit:
    """登记预存款 / credit a project's dedicated account with an owner-unit deposit.

    ``principal`` is who records it: an owner-unit user may pay only into their own org's
    project (any other account is not found). With an ``idempotency_key`` the deposit's row
    keeps it, with the body's ``request_hash`` and the receipt answered (a retry replays it)."""

    project_id: str
    amount_fen: int
    bank_reference: str
    payer: str
    received_at: datetime
    principal: Principal
    #: The request's Idempotency-Key and the hash of its body, kept on the deposit's row.
    idempotency_key: str | None = None
    request_hash: str | None = None
