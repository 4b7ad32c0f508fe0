"""Pure rules of a project's dedicated account (专户), no I/O: its ledger, in fen.

"足额到位、专户存储、专款专用": the owner unit deposits the full prepayment into the
project's dedicated account first; only then is the task order issued. Once fund-svc has
confirmed funding, the required amount is committed: no refund may bring the deposits
below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from expro_shared.money import MAX_FEN, format_fen


@dataclass(frozen=True)
class Ledger:
    """Balances of one account, all in fen.

    ``deposited`` is net of refunds; ``committed`` is the amount locked by confirmed task
    orders; ``disbursed`` is what has been paid out (disbursements consume the commitment;
    the API also calls it ``paid``); ``held`` is what requested, not yet paid disbursements
    hold; ``closed`` is true once the account was settled (结算).
    """

    required: int = 0
    deposited: int = 0
    committed: int = 0
    disbursed: int = 0
    held: int = 0
    closed: bool = False

    @property
    def paid(self) -> int:
        return self.disbursed

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
        deposited − max(committed, paid + held)."""
        return self.deposited - max(self.committed, self.disbursed + self.held)

    @property
    def unheld(self) -> int:
        """Money a new disbursement may still hold: deposited − paid − held."""
        return self.deposited - self.disbursed - self.held

    def hold(self, amount: int) -> Ledger:
        """A pending hold for a requested disbursement: never beyond the money deposited
        (``held + paid <= deposited``); ``HoldRefused`` otherwise."""
        if amount <= 0:
            raise ValueError("a disbursement must be positive")
        if self.closed:
            raise AccountClosed
        if amount > self.unheld:
            raise HoldRefused("account", amount, self.unheld)
        return replace(self, held=self.held + amount)

    def void(self, amount: int) -> Ledger:
        """A rejected disbursement's hold is released."""
        if not 0 < amount <= self.held:
            raise ValueError("only a placed hold can be voided")
        return replace(self, held=self.held - amount)

    def post(self, amount: int) -> Ledger:
        """A paid disbursement's hold becomes paid (the money leaves the account)."""
        if not 0 < amount <= self.held:
            raise ValueError("only a placed hold can be paid")
        return replace(self, held=self.held - amount, disbursed=self.disbursed + amount)

    def deposit(self, amount: int) -> Ledger:
        """Raises ``LimitExceeded`` when the deposits would pass the recorded range."""
        if amount <= 0:
            raise ValueError("a deposit must be positive")
        if self.closed:
            raise AccountClosed
        if self.deposited + amount > MAX_FEN:
            raise LimitExceeded(MAX_FEN - self.deposited)
        return replace(self, deposited=self.deposited + amount)

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
        if self.closed:
            raise AccountClosed
        if amount > self.available:
            raise RefundRefused(amount, self.available)
        return replace(self, deposited=self.deposited - amount)

    def settle(self) -> tuple[Ledger, int]:
        """结算: the remainder (deposited − paid) goes back to the owner unit and the account
        closes; the commitment shrinks to what was paid. Raises ``SettlementBlocked`` while
        disbursements still hold money, ``AccountClosed`` when already settled."""
        if self.closed:
            raise AccountClosed
        if self.held:
            raise SettlementBlocked(self.held)
        remainder = self.deposited - self.disbursed
        closed = replace(self, deposited=self.disbursed, committed=min(self.committed, self.disbursed), closed=True)
        return closed, remainder


class LimitExceeded(Exception):
    """A deposit that would take the account past the largest amount the platform records."""

    def __init__(self, room: int) -> None:
        super().__init__(
            f"the account's deposits may not exceed {format_fen(MAX_FEN)} yuan; "
            f"at most {format_fen(room)} yuan more can be recorded"
        )
        self.room = room


class AccountClosed(Exception):
    """The account was settled (结算): no money comes in or goes out any more."""

    def __init__(self) -> None:
        super().__init__("the account was settled and is closed")


class HoldRefused(Exception):
    """A disbursement that would take more than the account's unheld money or the
    category's remaining budget (``scope``: ``account`` or ``category``)."""

    def __init__(self, scope: str, amount: int, room: int) -> None:
        what = "the account's money not yet paid or held" if scope == "account" else "the category's remaining budget"
        super().__init__(f"{format_fen(amount)} yuan exceeds {what} ({format_fen(room)} yuan)")
        self.scope = scope
        self.amount = amount
        self.room = room


class SettlementBlocked(Exception):
    """Disbursements still hold money: they are paid or rejected before settlement."""

    def __init__(self, held: int) -> None:
        super().__init__(f"{format_fen(held)} yuan is still held by disbursements not yet paid or rejected")
        self.held = held


@dataclass(frozen=True)
class CategoryBalance:
    """One earmarked category's budget, holds and payments, in fen (专款专用)."""

    budget: int = 0
    held: int = 0
    paid: int = 0

    @property
    def remaining(self) -> int:
        """budget − held − paid (negative only if a later budget shrank below it)."""
        return self.budget - self.held - self.paid

    def hold(self, amount: int) -> CategoryBalance:
        if amount <= 0:
            raise ValueError("a disbursement must be positive")
        if amount > self.remaining:
            raise HoldRefused("category", amount, max(0, self.remaining))
        return replace(self, held=self.held + amount)

    def void(self, amount: int) -> CategoryBalance:
        if not 0 < amount <= self.held:
            raise ValueError("only a placed hold can be voided")
        return replace(self, held=self.held - amount)

    def post(self, amount: int) -> CategoryBalance:
        if not 0 < amount <= self.held:
            raise ValueError("only a placed hold can be paid")
        return replace(self, held=self.held - amount, paid=self.paid + amount)


class RefundRefused(Exception):
    def __init__(self, amount: int, available: int) -> None:
        super().__init__(f"refund of {amount} fen exceeds the {available} fen not committed")
        self.amount = amount
        self.available = available


class PayableStatus(StrEnum):
    """应付款状态 / a payable's status."""

    OPEN = "open"  # 未付清，未到期
    PAID = "paid"  # 已付清
    OVERDUE = "overdue"  # 逾期未付清


def payable_status(amount: int, paid: int, due_on: date, today: date) -> PayableStatus:
    """A payable's status on ``today`` (Asia/Shanghai): paid once fully paid, overdue once
    today is past its due date and it is not."""
    if paid >= amount:
        return PayableStatus.PAID
    return PayableStatus.OVERDUE if today > due_on else PayableStatus.OPEN
