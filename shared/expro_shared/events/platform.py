"""Events every service publishes: dead letters, on its own ``expro.<service>.dlq``."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.events.base import EventData


class DeadLettered(EventData):
    """Published on the producing service's ``expro.<service>.dlq`` topic."""

    TYPE: ClassVar[str] = "expro.platform.dead_lettered.v1"
    TOPIC: ClassVar[str] = "expro.<service>.dlq"
    SUMMARY: ClassVar[str] = "事件处理失败已转入死信 / an event failed its handler and was dead-lettered"

    dead_letter_id: str
    consumer: str
    failed_topic: str
    partition: int
    offset: int
    error: str
    original: str = Field(description="原始消息 / the original message as received")
