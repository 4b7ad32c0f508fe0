"""API models of settlement (结算)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, RequestBody, Text
from expro_shared.vocabulary import Money
from fund_svc.ledger.schemas import AccountPublic


class SettlementCreate(RequestBody):
    """结算 / settle the account."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"settled_on": "2023-06-30", "comment": "项目结算"}]})
    settled_on: BusinessDate = Field(description="结算日期（不早于结算申请）/ day settled, not before the request")
    comment: Text = Field("", max_length=2000, description="说明 / comment")


class SettlementPublic(BaseModel):
    project_id: str
    settled_on: date
    settled_by: str
    refunded: Money = Field(description="退回业主单位的余额 / the remainder refunded to the owner unit")
    account: AccountPublic = Field(description="结算后的专户（已关闭）/ the account after settlement (closed)")
    statement: str = Field(description="最终对账单 / where the final statement is read")
