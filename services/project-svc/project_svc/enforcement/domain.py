"""Pure rules of enforcement (条例 Art. 28), no I/O: the government applies to the court for
enforcement only against a household under a compensation decision that neither applied
for review or sued nor moved out by the decision's deadline, so after that deadline."""

from __future__ import annotations

from datetime import date

from project_svc.projects.domain import Step, require_step


class DeadlineNotPassed(Exception):
    def __init__(self, household_id: str, move_out_deadline: date) -> None:
        super().__init__(
            f"the compensation decision's move-out deadline {move_out_deadline.isoformat()} has not passed "
            "by the filing day"
        )
        self.household_id = household_id
        self.move_out_deadline = move_out_deadline


def judicial_gate(household_id: str, filed_on: date, decided_on: date | None, move_out_deadline: date | None) -> None:
    """A compensation decision on or before the filing, whose deadline lies before it."""
    require_step(Step.COMPENSATION_DECISION, decided_on, filed_on, household_id)
    assert move_out_deadline is not None, "a decision has its deadline"
    if filed_on <= move_out_deadline:
        raise DeadlineNotPassed(household_id, move_out_deadline)
