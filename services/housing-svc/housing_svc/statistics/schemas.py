"""API models of housing statistics. Areas are ㎡ strings, money yuan strings."""

from __future__ import annotations

from pydantic import BaseModel, Field

from expro_shared.vocabulary import Money


class CommunityStatistics(BaseModel):
    community: str = Field(description="小区 / community")
    units: int = Field(description="房源套数（现有）/ units in the stock")
    available: int = Field(description="可选（当前）/ available now")
    allocated: int = Field(description="已选定未交付（当前）/ allocated, not yet delivered, now")
    delivered: int = Field(description="已交付（当前）/ delivered, now")
    area_m2: str = Field(description="总建筑面积（㎡）/ total floor area")
    completed_in_period: int = Field(description="期内竣工套数（按 completed_on）/ completed in the period")
    chosen_in_period: int = Field(description="期内选定套数（按 chosen_on）/ chosen in the period")
    delivered_in_period: int = Field(description="期内交付套数（按 delivered_on）/ delivered in the period")


class ProjectStatistics(BaseModel):
    project_id: str
    code: str
    name: str
    eligible: int = Field(description="具备安置资格户数（期内签约）/ eligible households (signed in the period)")
    pending_review: int = Field(description="待属地审核户数 / awaiting the district's review")
    rejected: int = Field(description="审核未通过户数 / rejected")
    chosen_in_period: int = Field(description="期内选房户数 / households that chose in the period")
    delivered_in_period: int = Field(description="期内交房户数 / units delivered in the period")
    delivered_late_in_period: int = Field(description="其中晚于承诺日期 / of those, after the promised day")
    household_pays: Money = Field(
        description="期内选房应补差价合计 / price differences to pay, of choices in the period"
    )
    household_receives: Money = Field(description="期内选房应退差价合计 / price differences refunded")


class HousingStatistics(BaseModel):
    """安置房统计 / housing statistics per community and per project."""

    year: int | None = Field(None, description="统计年度（按业务日期）；为空则为全部 / the year counted, or all time")
    communities: list[CommunityStatistics]
    projects: list[ProjectStatistics]
