"""Pure rules of eligibility (安置资格), no I/O.

A household that signed a property-exchange agreement (产权调换) is eligible at once on
state-owned land; a collective villager waits for the district's review, which approves
or rejects it with a reason."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from expro_shared.vocabulary import AgreementKind, LandType


class EligibilityStatus(StrEnum):
    """安置资格状态 / eligibility status."""

    ELIGIBLE = "eligible"  # 具备安置资格
    PENDING_REVIEW = "pending_review"  # 待属地审核（集体土地村民）
    REJECTED = "rejected"  # 审核未通过


class NotPending(Exception):
    """Only a pending eligibility is reviewed."""

    def __init__(self, status: EligibilityStatus) -> None:
        super().__init__(f"the eligibility is {status}, not pending_review")
        self.status = status


class ReviewBeforeSigning(Exception):
    """A review cannot precede the agreement it reviews."""


def grants_housing(kind: AgreementKind) -> bool:
    """Only property exchange (产权调换) gives a right to resettlement housing; monetary
    compensation does not."""
    return kind is AgreementKind.PROPERTY_EXCHANGE


def initial_status(land_type: LandType) -> EligibilityStatus:
    """Eligible on state-owned land; a collective villager's waits for the district."""
    return EligibilityStatus.ELIGIBLE if land_type is LandType.STATE_OWNED else EligibilityStatus.PENDING_REVIEW


def reviews(org: str | None, district: str) -> bool:
    """Only the district of the project reviews its villagers (a user's ``org`` names its
    district), whatever other roles the user holds."""
    return org is not None and org == district


def review(status: EligibilityStatus, approve: bool, signed_on: date, reviewed_on: date) -> EligibilityStatus:
    """The status after the district's review on ``reviewed_on``."""
    if status is not EligibilityStatus.PENDING_REVIEW:
        raise NotPending(status)
    if reviewed_on < signed_on:
        raise ReviewBeforeSigning(f"the review ({reviewed_on}) cannot precede the agreement ({signed_on})")
    return EligibilityStatus.ELIGIBLE if approve else EligibilityStatus.REJECTED
