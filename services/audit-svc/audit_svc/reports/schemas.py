"""API models of the reports (``XPublic`` out): exactly the keys of DESIGN §7.4."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_TEXT = "2022年，市区总计新增国有土地上房屋征收61户，面积13716㎡，"
_TEXT += "支付房屋征收补偿款4206.5358万元，……"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StateOwnedFigures(_Strict):
    households_expropriated: int = Field(description="新增征收户数：当年签约或作出补偿决定的户（去重）")
    area_m2: str = Field(description="这些协议与补偿决定的面积（㎡）/ area of those agreements and decisions")
    compensation_paid: str = Field(description="支付的征收补偿款（元）/ category compensation paid")
    demolished_area_m2: str = Field(description="拆除面积（㎡）")
    land_cleared_mu: str = Field(description="腾空土地（亩）")
    projects_cleared: int = Field(description="当年有腾地的项目数（去重）")
    judicial_procedures_started: int = Field(description="申请人民法院强制执行（件）")


class CollectiveFigures(_Strict):
    land_agreements: int = Field(description="土地征收补偿协议（份）")
    house_agreements: int = Field(description="房屋征收补偿协议（份）")
    buildings_demolished: int = Field(description="拆除房屋（栋）")
    judicial_procedures_started: int = Field(description="申请人民法院强制执行（件）")


class FeeTally(_Strict):
    households: int = Field(description="户数（去重）/ distinct households")
    amount: str = Field(description="金额（元）/ yuan, two decimals")


class TransitionFees(_Strict):
    households: int = Field(description="领取过渡费的户数（去重，各类合计）/ distinct households, all kinds")
    state_owned_late: FeeTally = Field(description="国有土地逾期安置过渡费 / late-delivery fees, state-owned")
    state_owned_other: FeeTally = Field(description="国有土地其他过渡费 / other fees, state-owned")
    collective: FeeTally = Field(description="集体土地过渡费 / all fees, collective")
    paid_on_behalf: FeeTally = Field(
        description="代为发放（只计此项）/ fees paid on behalf of another, counted only here"
    )


class ResettlementHousing(_Strict):
    units_completed: int = Field(description="竣工安置房（套）/ units completed in the year")


class AnnualReportPublic(_Strict):
    """年度统计 / the annual report, computed from the audit trail alone by business dates."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "state_owned": {
                        "households_expropriated": 61,
                        "area_m2": "13716.00",
                        "compensation_paid": "42065358.00",
                        "demolished_area_m2": "12000.00",
                        "land_cleared_mu": "35.20",
                        "projects_cleared": 2,
                        "judicial_procedures_started": 1,
                    },
                    "collective": {
                        "land_agreements": 3,
                        "house_agreements": 20,
                        "buildings_demolished": 18,
                        "judicial_procedures_started": 0,
                    },
                    "transition_fees": {
                        "households": 40,
                        "state_owned_late": {"households": 12, "amount": "1168000.00"},
                        "state_owned_other": {"households": 20, "amount": "300000.00"},
                        "collective": {"households": 6, "amount": "90000.00"},
                        "paid_on_behalf": {"households": 2, "amount": "12000.00"},
                    },
                    "resettlement_housing": {"units_completed": 320},
                    "text_zh": _TEXT,
                }
            ]
        },
    )

    state_owned: StateOwnedFigures
    collective: CollectiveFigures
    transition_fees: TransitionFees
    resettlement_housing: ResettlementHousing
    text_zh: str = Field(description="年度绩效报告段落 / the paragraph of the center's annual performance report")
