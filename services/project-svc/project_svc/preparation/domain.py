"""Pure rules of the preparation (前期工作), no I/O: risk assessment, pre-announcement
(collective land), and the expropriation decision.

条例 Art. 12: before the decision, a social-stability risk assessment is made and the
compensation funds are in place, in full, in a dedicated account (here: a task order of
the project was issued, which only happens once fund-svc confirmed the deposits); the
decision follows the approved compensation plan (Art. 10–11). Dates are business dates.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from project_svc.projects.domain import Step, StepMissing, require_collective, require_step


class RiskLevel(StrEnum):
    """风险等级 / the assessed social-stability risk."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class DatesOutOfOrder(Exception):
    """A deadline or a later day of the same step that lies before the step."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


def pre_announcement(land_type: str, published_on: date, survey_until: date) -> None:
    """Collective land only (土地管理法 Art. 47); the survey runs from the announcement."""
    require_collective(land_type, "a pre-announcement")
    if survey_until < published_on:
        raise DatesOutOfOrder("survey_until", "survey_until may not lie before published_on")


def decision_gate(
    decided_on: date,
    announced_on: date,
    risk_assessed_on: date | None,
    plan_approved_on: date | None,
    funding_confirmed: bool,
) -> None:
    """The decision needs a risk assessment and an approved plan, each on or before
    ``decided_on``, and confirmed funding (a state, not a date: an issued task order)."""
    if announced_on < decided_on:
        raise DatesOutOfOrder("announced_on", "announced_on may not lie before decided_on")
    require_step(Step.RISK_ASSESSMENT, risk_assessed_on, decided_on)
    require_step(Step.PLAN_APPROVAL, plan_approved_on, decided_on)
    if not funding_confirmed:
        raise StepMissing(
            Step.FUNDING,
            "compensation funds are not confirmed: no task order of the project has been issued (条例 Art. 12)",
        )
