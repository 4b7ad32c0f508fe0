"""Event contracts: the CloudEvents envelope and one Pydantic model per event type."""

from expro_shared.events.contracts import (
    AUDIT_TOPIC,
    FUND_TOPIC,
    HOUSING_TOPIC,
    PROJECT_TOPIC,
    REGISTRY,
    EventData,
    dlq_topic,
)
from expro_shared.events.envelope import CloudEvent, new_event

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
