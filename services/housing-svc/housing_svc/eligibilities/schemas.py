"""API models of eligibilities (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, Flag, RequestBody, Text
from expro_shared.vocabulary import LandType
from housing_svc.areas import format_area
from housing_svc.eligibilities.domain import EligibilityStatus
from housing_svc.eligibilities.tables import EligibilityRow


class EligibilityReview(RequestBody):
    """属地审核 / the district's review of a collective villager's eligibility."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"approve": True, "reason": "经村民代表会议公示无异议", "reviewed_on": "2023-04-10"}]
        }
    )
    approve: Flag = Field(description="通过（true）或不通过（false）/ approve or reject")
    reason: Text = Field(min_length=1, max_length=2000, description="理由 / reason")
    reviewed_on: BusinessDate = Field(description="审核日期（不晚于今天）/ the day of the review, not in the future")


class EligibilityPublic(BaseModel):
    """安置资格 / a household's eligibility for resettlement housing."""

    id: str
    project_id: str
    agreement_id: str
    household_id: str
    land_type: LandType
    status: EligibilityStatus = Field(description="eligible | pending_review | rejected")
    entitled_area_m2: str = Field(description="应安置面积（㎡）/ entitled area")
    members: int
    signed_on: date = Field(description="协议签订日期 / agreement signed on")
    promised_delivery_on: date | None = Field(None, description="承诺交房日期 / promised delivery date")
    created_at: datetime
    reviewed_by: str | None = None
    reviewed_on: date | None = None
    review_reason: str | None = None

    @classmethod
    def of(cls, e: EligibilityRow) -> EligibilityPublic:
        return cls(
            id=e.id,
            project_id=e.project_id,
            agreement_id=e.agreement_id,
            household_id=e.household_id,
            land_type=LandType(e.land_type),
            status=EligibilityStatus(e.status),
            entitled_area_m2=format_area(e.entitled_area_centi),
            members=e.members,
            signed_on=e.signed_on,
            promised_delivery_on=e.promised_delivery_on,
            created_at=e.created_at,
            reviewed_by=e.reviewed_by,
            reviewed_on=e.reviewed_on,
            review_reason=e.review_reason,
        )
