"""Pure rules of a project's statement (对账单), no I/O: the account's money in and out as
one list in the order of the business dates it moved on, with the running balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The order of entries of one day: money in before money out.
KINDS = ("deposit", "refund", "disbursement", "settlement_refund")


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str  # one of KINDS
    reference: str
    description: str
    money_in: int = 0  # fen
    money_out: int = 0  # fen
    category: str | None = None
    household_id: str | None = None


@dataclass(frozen=True)
class Line:
    entry: Entry
    balance: int  # fen, after the entry


def lines(entries: list[Entry]) -> list[Line]:
    """The entries by business date (then money in first, then as given), each with the
    balance after it."""
    ordered = sorted(enumerate(entries), key=lambda ie: (ie[1].on, KINDS.index(ie[1].kind), ie[0]))
    out, balance = [], 0
    for _, entry in ordered:
        balance += entry.money_in - entry.money_out
        out.append(Line(entry, balance))
    return out
