"""The platform's shared vocabulary: the words every service and every event contract use.

Domain code imports these from here, never from the event contracts, so a service's rules
do not depend on another service's messages.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from expro_shared.money import Money

__all__ = ["AgreementKind", "Area", "BudgetCategory", "CompensationItemKind", "LandType", "Money"]

#: An area (㎡ or 亩) as text: up to 12 whole digits and at most two decimals.
AREA_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"


def _two_decimals(text: str) -> str:
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


#: An area in a request: a decimal string like money, never a float ("13716" → "13716.00").
Area = Annotated[str, Field(pattern=AREA_PATTERN, examples=["13716.00"]), AfterValidator(_two_decimals)]


class LandType(StrEnum):
    """土地类型 / land type."""

    STATE_OWNED = "state_owned"  # 国有土地上房屋征收
    COLLECTIVE = "collective"  # 集体土地征收


class BudgetCategory(StrEnum):
    """专款类别 / earmarked budget category."""

    COMPENSATION = "compensation"  # 征收补偿资金
    WORKING_FUNDS = "working_funds"  # 工作经费
    DEMOLITION = "demolition"  # 房屋拆除费
    REWARD_FUND = "reward_fund"  # 奖励基金
    CONTINGENCY = "contingency"  # 不可预见费
    TEMPORARY_RESETTLEMENT = "temporary_resettlement"  # 临时安置费、过渡费
    RESETTLEMENT_HOUSING = "resettlement_housing"  # 安置房建设资金


class AgreementKind(StrEnum):
    """补偿方式 / how a household is compensated (条例 Art. 21)."""

    MONETARY = "monetary"  # 货币补偿
    PROPERTY_EXCHANGE = "property_exchange"  # 产权调换


class CompensationItemKind(StrEnum):
    """补偿项目 / an item of an agreement or a compensation decision (条例 Art. 17, 25)."""

    HOUSE_VALUE = "house_value"  # 被征收房屋价值的补偿
    RELOCATION = "relocation"  # 搬迁费
    TEMPORARY_RESETTLEMENT = "temporary_resettlement"  # 临时安置费
    BUSINESS_LOSS = "business_loss"  # 停产停业损失
    SUBSIDY = "subsidy"  # 补助
    REWARD = "reward"  # 奖励
    OTHER = "other"
