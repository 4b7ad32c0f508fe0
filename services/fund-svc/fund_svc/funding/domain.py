"""Pure rules of the funding decision (资金确认), no I/O: fund-svc's answer to an issuance
request, decided on its own committed ledger (DESIGN §5). Fen."""

from __future__ import annotations

from dataclasses import dataclass, replace

from fund_svc.ledger.domain import Ledger


@dataclass(frozen=True)
class FundingDecision:
    """fund-svc's answer to an issuance request, from its own committed state."""

    confirmed: bool
    required: int
    deposited: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.deposited)


def decide_funding(ledger: Ledger, required: int) -> tuple[FundingDecision, Ledger]:
    """Confirm when deposits cover ``required`` (and commit it), else report the shortfall."""
    if required <= 0:
        raise ValueError("the required deposit must be positive")
    decision = FundingDecision(ledger.deposited >= required, required, ledger.deposited)
    if not decision.confirmed:
        return decision, ledger
    committed = max(ledger.committed, required)
    return decision, replace(ledger, committed=committed)
