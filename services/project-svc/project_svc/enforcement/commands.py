"""Commands of enforcement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StartJudicialProcedure:
    """申请人民法院强制执行 / apply to the court for enforcement against a household."""

    project_id: str
    household_id: str
    court: str
    filed_on: date
