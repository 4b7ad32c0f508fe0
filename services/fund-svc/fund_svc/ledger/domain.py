"""Pure rules of a project's dedicated account (专户), no I/O: its ledger, in fen.

"足额到位、专户存储、专款专用": the owner unit deposits the full prepayment into the
project's dedicated account first; only then is the task order issued. Once fund-svc has
confirmed funding, the required amount is committed: no refund may bring the deposits
below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from expro_shared.money import MAX_FEN, format_fen


@dataclass(frozen=True)
class Ledger:
    """Balances of one account, all in fen.

    ``deposited`` is net of refunds; ``committed`` is the amount locked by confirmed task
    orders; ``disbursed`` is what has been paid out (disbursements consume the commitment).
    """

    required: int = 0
    deposited: int = 0
    committed: int = 0
    disbursed: int = 0

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.deposited)

    @property
    def fully_funded(self) -> bool:
        return self.required > 0 and self.deposited >= self.required

    @property
    def balance(self) -> int:
        """Money still in the account."""
        return self.deposited - self.disbursed

    @property
    def available(self) -> int:
        """What may leave the account other than for its committed purpose (e.g. a refund):
        the balance minus what is still reserved for the commitment."""
        return self.deposited - max(self.committed, self.disbursed)

    def deposit(self, amount: int) -> Ledger:
        """Raises ``LimitExceeded`` when the deposits would pass the recorded range."""
        if amount <= 0:
            raise ValueError("a deposit must be positive")
        if self.deposited + amount > MAX_FEN:
            raise LimitExceeded(MAX_FEN - self.deposited)
        return Ledger(self.required, self.deposited + amount, self.committed, self.disbursed)

    @staticmethod
    def credited(after: Ledger, amount: int) -> Ledger:
        """``deposit``'s rule on balances a store has already credited with ``amount`` (it
        adds in the one statement that locks the account): ``after`` when the deposit may
        stand, else ``LimitExceeded`` and the store rolls it back."""
        return replace(after, deposited=after.deposited - amount).deposit(amount)

    def refund(self, amount: int) -> Ledger:
        """Raises ``RefundRefused`` when the refund would undercut the committed funding."""
        if amount <= 0:
            raise ValueError("a refund must be positive")
        if amount > self.available:
            raise RefundRefused(amount, self.available)
        return Ledger(self.required, self.deposited - amount, self.committed, self.disbursed)


class LimitExceeded(Exception):
    """A deposit that would take the account past the largest amount the platform records."""

    def __init__(self, room: int) -> None:
        super().__init__(
            f"the account's deposits may not exceed {format_fen(MAX_FEN)} yuan; "
            f"at most {format_fen(room)} yuan more can be recorded"
        )
        self.room = room


class RefundRefused(Exception):
    def __init__(self, amount: int, available: int) -> None:
        super().__init__(f"refund of {amount} fen exceeds the {available} fen not committed")
        self.amount = amount
        self.available = available
