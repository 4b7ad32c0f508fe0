"""Events published by fund-svc on ``expro.fund.events``."""

from __future__ import annotations

from typing import ClassVar

from expro_shared.events.base import FUND_TOPIC, EventData, saga_id_field
from expro_shared.vocabulary import Money


class AccountOpened(EventData):
    TYPE: ClassVar[str] = "expro.fund.account_opened.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "项目专户已开立 / the project's dedicated account was opened"

    owner_unit: str


class DepositRecorded(EventData):
    TYPE: ClassVar[str] = "expro.fund.deposit_recorded.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款已入账 / an owner-unit deposit was recorded"

    deposit_id: str
    amount: Money
    bank_reference: str
    deposited_total: Money


class FundingConfirmed(EventData):
    TYPE: ClassVar[str] = "expro.fund.funding_confirmed.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "资金足额到位 / deposits cover the required deposit"

    task_order_id: str
    required: Money
    deposited: Money
    saga_id: str | None = saga_id_field()


class FundingShortfall(EventData):
    TYPE: ClassVar[str] = "expro.fund.funding_shortfall.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款不足 / deposits fall short of the required deposit"

    task_order_id: str
    required: Money
    deposited: Money
    shortfall: Money
    saga_id: str | None = saga_id_field()


class RefundRecorded(EventData):
    TYPE: ClassVar[str] = "expro.fund.refund_recorded.v1"
    TOPIC: ClassVar[str] = FUND_TOPIC
    SUMMARY: ClassVar[str] = "预存款已退回 / part of the deposits was refunded to the owner unit"

    refund_id: str
    amount: Money
    deposited_total: Money
    requested_by: str
    approved_by: str
