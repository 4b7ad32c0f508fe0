"""Helpers of housing-svc's tests, as fixtures (tests import no test module under
``--import-mode=importlib``): stock files, and project-svc's `agreement_signed` as
project-svc publishes it."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.project import AgreementSigned, CompensationItem
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, Money

HEADER = "community,building,unit_no,floor,layout,area_m2,resettlement_price_per_m2,market_price_per_m2,completed_on"


def stock_csv(*rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\n".join([header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode()


def unit_row(
    unit_no: str = "1-502", area: str = "89.50", community: str = "幸福家园", completed: str = "2023-12-20"
) -> str:
    return f"{community},3栋,{unit_no},5,两室一厅,{area},4800.00,12500.00,{completed}"


def stock_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def agreement_signed(
    project_id: str,
    *,
    kind: AgreementKind = AgreementKind.PROPERTY_EXCHANGE,
    entitled_area_m2: str | None = "90.00",
    signed_on: date = date(2023, 3, 1),
    promised_delivery_on: date | None = date(2024, 6, 30),
    household_id: str | None = None,
) -> CloudEvent:
    data = AgreementSigned(
        project_id=project_id,
        agreement_id=str(uuid.uuid4()),
        household_id=household_id or str(uuid.uuid4()),
        kind=kind,
        area_m2="85.00",
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse("500000.00"))],
        total=Money.parse("500000.00"),
        signed_on=signed_on,
        payment_due_on=date(2023, 4, 1),
        move_out_deadline=date(2023, 5, 1),
        entitled_area_m2=entitled_area_m2 if kind is AgreementKind.PROPERTY_EXCHANGE else None,
        promised_delivery_on=promised_delivery_on if kind is AgreementKind.PROPERTY_EXCHANGE else None,
        members=3,
    )
    return new_event(data, source="/project-svc", actor="staff-01")


@pytest.fixture
def make_csv() -> Callable[..., bytes]:
    return stock_csv


@pytest.fixture
def row() -> Callable[..., str]:
    return unit_row


@pytest.fixture
def make_xlsx() -> Callable[[list[list[Any]]], bytes]:
    return stock_xlsx


@pytest.fixture
def agreement() -> Callable[..., CloudEvent]:
    return agreement_signed
