"""API models of compensation (``XCreate`` in, ``XPublic`` out). Money is a yuan string,
areas 2-decimal strings (㎡ or 亩)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from expro_shared.money import PositiveMoney
from expro_shared.requests import BusinessDate, IsoDate, RequestBody, Text
from expro_shared.vocabulary import AgreementKind, Area, CompensationItemKind, Money
from project_svc.agreements.tables import AgreementRow, CompensationDecisionRow, LandAgreementRow
from project_svc.projects.schemas import ProjectID

HouseholdRef = Annotated[
    str, Field(min_length=1, max_length=36, pattern=r"^[^\x00]*$", description="被征收户标识 / household id")
]


class CompensationItemIn(RequestBody):
    item: CompensationItemKind = Field(
        description="补偿项目 / house_value, relocation, temporary_resettlement, business_loss, subsidy, reward, other"
    )
    amount: Money = Field(description="金额（元）/ amount in yuan")


class CompensationItemPublic(BaseModel):
    item: CompensationItemKind
    amount: Money


def _items(stored: list[dict[str, Any]]) -> list[CompensationItemPublic]:
    return [CompensationItemPublic(item=CompensationItemKind(i["item"]), amount=Money(int(i["fen"]))) for i in stored]


ITEMS_EXAMPLE: list[Any] = [
    {"item": "house_value", "amount": "1280000.00"},
    {"item": "relocation", "amount": "3000.00"},
    {"item": "reward", "amount": "50000.00"},
]


class AgreementCreate(RequestBody):
    """签订补偿协议 / sign a household's compensation agreement (条例 Art. 25)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "household_id": "5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01",
                    "kind": "property_exchange",
                    "area_m2": "86.50",
                    "items": ITEMS_EXAMPLE,
                    "signed_on": "2023-04-10",
                    "payment_due_on": "2023-05-10",
                    "move_out_deadline": "2023-06-30",
                    "entitled_area_m2": "90.00",
                    "promised_delivery_on": "2025-12-31",
                }
            ]
        },
    )
    household_id: HouseholdRef
    kind: AgreementKind = Field(description="补偿方式 / monetary (货币补偿) or property_exchange (产权调换)")
    area_m2: Area = Field(description="被征收房屋面积（㎡）/ area compensated, m²")
    items: list[CompensationItemIn] = Field(min_length=1, max_length=50, description="补偿明细 / items")
    signed_on: BusinessDate = Field(description="签订日期（不晚于今天）/ the day it was signed, not in the future")
    payment_due_on: IsoDate = Field(description="补偿款支付期限 / payment due date (may be in the future)")
    move_out_deadline: IsoDate = Field(description="搬迁期限 / move-out deadline (may be in the future)")
    entitled_area_m2: Area | None = Field(None, description="产权调换应安置面积（㎡）/ property exchange only")
    promised_delivery_on: IsoDate | None = Field(None, description="承诺交房日期 / property exchange only")


class AgreementPublic(BaseModel):
    id: str
    project_id: ProjectID
    household_id: str
    kind: AgreementKind
    area_m2: str
    items: list[CompensationItemPublic]
    total: Money = Field(description="补偿总额 / the sum of the items")
    signed_on: date
    payment_due_on: date
    move_out_deadline: date
    entitled_area_m2: str | None = None
    promised_delivery_on: date | None = None
    created_at: datetime

    @classmethod
    def of(cls, a: AgreementRow) -> AgreementPublic:
        return cls(
            id=a.id,
            project_id=a.project_id,
            household_id=a.household_id,
            kind=AgreementKind(a.kind),
            area_m2=a.area_m2,
            items=_items(a.items),
            total=Money(a.total_fen),
            signed_on=a.signed_on,
            payment_due_on=a.payment_due_on,
            move_out_deadline=a.move_out_deadline,
            entitled_area_m2=a.entitled_area_m2,
            promised_delivery_on=a.promised_delivery_on,
            created_at=a.created_at,
        )


class CompensationDecisionCreate(RequestBody):
    """作出补偿决定 / the compensation decision for a household without agreement (条例 Art. 26)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "household_id": "5f0c9a9e-1f4b-4c2e-9d57-3c2b8f1f0a01",
                    "area_m2": "86.50",
                    "items": ITEMS_EXAMPLE[:2],
                    "decided_on": "2023-07-15",
                    "move_out_deadline": "2023-08-15",
                }
            ]
        },
    )
    household_id: HouseholdRef
    area_m2: Area = Field(description="被征收房屋面积（㎡）/ area compensated, m²")
    items: list[CompensationItemIn] = Field(min_length=1, max_length=50, description="补偿明细 / items")
    decided_on: BusinessDate = Field(description="决定日期（不晚于今天）/ the day it was made, not in the future")
    move_out_deadline: IsoDate = Field(description="搬迁期限 / move-out deadline (may be in the future)")


class CompensationDecisionPublic(BaseModel):
    id: str
    project_id: ProjectID
    household_id: str
    area_m2: str
    items: list[CompensationItemPublic]
    total: Money
    decided_on: date
    move_out_deadline: date
    created_at: datetime

    @classmethod
    def of(cls, d: CompensationDecisionRow) -> CompensationDecisionPublic:
        return cls(
            id=d.id,
            project_id=d.project_id,
            household_id=d.household_id,
            area_m2=d.area_m2,
            items=_items(d.items),
            total=Money(d.total_fen),
            decided_on=d.decided_on,
            move_out_deadline=d.move_out_deadline,
            created_at=d.created_at,
        )


class LandAgreementCreate(RequestBody):
    """签订土地征收补偿协议 / sign a land compensation agreement (collective land)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "collective_organization": "城南村股份经济合作社",
                    "area_mu": "332.08",
                    "amount": "24906000.00",
                    "signed_on": "2023-04-01",
                }
            ]
        },
    )
    collective_organization: Text = Field(
        min_length=1, max_length=200, description="农村集体经济组织 / the collective organisation"
    )
    area_mu: Area = Field(description="土地面积（亩）/ land area in mu")
    amount: PositiveMoney = Field(description="补偿金额（元）/ amount in yuan")
    signed_on: BusinessDate = Field(description="签订日期（不晚于今天）/ the day it was signed, not in the future")


class LandAgreementPublic(BaseModel):
    id: str
    project_id: ProjectID
    collective_organization: str
    area_mu: str
    amount: Money
    signed_on: date
    created_at: datetime

    @classmethod
    def of(cls, a: LandAgreementRow) -> LandAgreementPublic:
        return cls(
            id=a.id,
            project_id=a.project_id,
            collective_organization=a.collective_organization,
            area_mu=a.area_mu,
            amount=Money(a.amount_fen),
            signed_on=a.signed_on,
            created_at=a.created_at,
        )
