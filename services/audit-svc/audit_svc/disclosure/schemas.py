"""API models of the public disclosure (``XPublic`` out). Personal data only masked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DisclosedProject(_Out):
    project_id: str
    code: str = Field(description="项目编号")
    name: str = Field(description="项目名称")
    land_type: str = Field(description="state_owned | collective")
    district: str = Field(description="属地")
    owner_unit: str = Field(description="业主单位")


class DisclosedDecision(_Out):
    """征收决定 / the expropriation decision as announced."""

    document_no: str
    decided_on: str
    announced_on: str


class UnregisteredStructure(_Out):
    area_m2: str
    classification: str = Field(description="认定结果 / how an unregistered structure was classified")


class SurveyedHousehold(_Out):
    """调查结果 / one household as surveyed; name and id number masked."""

    household_id: str
    head_name: str = Field(description="户主（打码：张*）/ head of household, masked", examples=["张*"])
    id_number: str = Field(description="身份证号（打码）/ masked", examples=["4312**********1234"])
    address: str = Field(description="房屋坐落 / where the house stands")
    members: int | None
    registered_area_m2: str = Field(description="登记面积（㎡）")
    unregistered: list[UnregisteredStructure] = Field(description="未登记建筑认定 / unregistered structures")


class Standard(_Out):
    item: str
    rule: str


class DisclosedStandards(_Out):
    """补偿标准 / the standards of the approved compensation plan."""

    plan_id: str
    approved_on: str
    standards: list[Standard]


class ResultItem(_Out):
    item: str
    amount: str = Field(description="金额（元）")


class HouseholdResult(_Out):
    """分户补偿结果 / one household's result: its agreement, or the compensation decision."""

    household_id: str
    head_name: str | None = Field(description="户主（打码）/ masked")
    outcome: str = Field(description="agreement | compensation_decision")
    kind: str | None = Field(description="monetary | property_exchange (agreements)")
    area_m2: str
    items: list[ResultItem]
    total: str = Field(description="补偿总额（元）")
    on: str = Field(description="签约或决定日期 / signed_on or decided_on")


class PublicDisclosure(_Out):
    """三公开 / a project's public disclosure: survey results, compensation standards and
    per-household results, from the audit trail alone; names and id numbers masked."""

    project: DisclosedProject
    expropriation_decision: DisclosedDecision | None
    survey: list[SurveyedHousehold] = Field(description="公开调查结果 / survey results")
    standards: DisclosedStandards | None = Field(description="公开补偿标准 / null until a plan is approved")
    household_results: list[HouseholdResult] = Field(description="公开分户补偿结果 / per-household results")
