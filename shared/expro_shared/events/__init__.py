"""Event contracts, one module per producer (``project``, ``fund``, ``housing``, ``audit``,
``platform``), the registry built from them, and the CloudEvents envelope."""

from expro_shared.events.base import (
    AUDIT_TOPIC,
    FUND_TOPIC,
    HOUSING_TOPIC,
    PROJECT_TOPIC,
    EventData,
    dlq_topic,
)
from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.registry import REGISTRY

__all__ = [
    "AUDIT_TOPIC",
    "FUND_TOPIC",
    "HOUSING_TOPIC",
    "PROJECT_TOPIC",
    "REGISTRY",
    "CloudEvent",
    "EventData",
    "dlq_topic",
    "new_event",
]
