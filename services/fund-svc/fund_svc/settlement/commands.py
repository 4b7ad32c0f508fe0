"""Commands of settlement (结算)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SettleAccount:
    """结算 / the final statement: the remainder goes back to the owner unit, the account closes."""

    project_id: str
    settled_on: date
    comment: str
