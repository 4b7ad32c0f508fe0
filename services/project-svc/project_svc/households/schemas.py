"""API models of households (``XCreate`` in, ``XPublic`` out). Areas are 2-decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.requests import BusinessDate, Count, RequestBody, Text
from expro_shared.vocabulary import Area
from project_svc.households.domain import BuildingClassification
from project_svc.households.tables import HouseholdRow
from project_svc.projects.schemas import ProjectID

HouseholdID = Annotated[str, Field(description="被征收户标识 / household id (UUID)")]


class PersonIn(RequestBody):
    name: Text = Field(min_length=1, max_length=100, description="姓名 / name")
    id_number: Text = Field(min_length=1, max_length=32, description="身份证号 / id number")
    relation: Text = Field(min_length=1, max_length=50, description="与户主关系 / relation to the head")


class UnregisteredIn(RequestBody):
    area_m2: Area = Field(description="面积（㎡）/ area in m²")
    classification: BuildingClassification = Field(
        description="认定结果 / legal, temporary_in_term (未超过批准期限的临时建筑) or illegal"
    )


class HouseholdCreate(RequestBody):
    """调查登记被征收户 / register a surveyed household."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "head_name": "张三",
                    "id_number": "110101198001010011",
                    "address": "城南区解放路12号",
                    "members": 4,
                    "registered_area_m2": "86.50",
                    "unregistered": [{"area_m2": "12.00", "classification": "legal"}],
                    "persons": [{"name": "张三", "id_number": "110101198001010011", "relation": "户主"}],
                }
            ]
        },
    )
    head_name: Text = Field(min_length=1, max_length=100, description="户主姓名 / head of household")
    id_number: Text = Field(min_length=1, max_length=32, description="户主身份证号 / id number of the head")
    address: Text = Field(min_length=1, max_length=500, description="房屋坐落 / address of the house")
    members: Count = Field(ge=1, le=1000, description="家庭人口 / members of the household")
    registered_area_m2: Area = Field(description="登记建筑面积（㎡）/ registered floor area in m²")
    unregistered: list[UnregisteredIn] = Field(
        default_factory=list,
        max_length=100,
        description="未经登记建筑 / unregistered buildings and their classification",
    )
    persons: list[PersonIn] = Field(default_factory=list, max_length=100, description="家庭成员 / the members by name")


class MoveOutCreate(RequestBody):
    """记录腾房 / record that the household moved out."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"moved_out_on": "2023-05-20"}]})
    moved_out_on: BusinessDate = Field(description="腾房日期（不晚于今天）/ the day it moved out, not in the future")


class PersonPublic(BaseModel):
    name: str
    id_number: str
    relation: str


class UnregisteredPublic(BaseModel):
    area_m2: str
    classification: BuildingClassification


class HouseholdPublic(BaseModel):
    id: HouseholdID
    project_id: ProjectID
    head_name: str
    id_number: str
    address: str
    members: int
    persons: list[PersonPublic]
    registered_area_m2: str
    unregistered: list[UnregisteredPublic]
    moved_out_on: date | None = Field(None, description="腾房日期 / the day it moved out, once it has")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, h: HouseholdRow) -> HouseholdPublic:
        return cls(
            id=h.id,
            project_id=h.project_id,
            head_name=h.head_name,
            id_number=h.id_number,
            address=h.address,
            members=h.members,
            persons=[PersonPublic(**p) for p in h.persons],
            registered_area_m2=h.registered_area_m2,
            unregistered=[UnregisteredPublic(**u) for u in h.unregistered],
            moved_out_on=h.moved_out_on,
            created_at=h.created_at,
            updated_at=h.updated_at,
        )
