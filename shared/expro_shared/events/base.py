"""What every event contract shares: the topics and the base of each event's ``data``.

Types are ``expro.<service>.<event>.v<N>``; a breaking change is a new ``.v2`` class
published beside ``.v1`` (DESIGN §4).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

PROJECT_TOPIC = "expro.project.events"
FUND_TOPIC = "expro.fund.events"
HOUSING_TOPIC = "expro.housing.events"
AUDIT_TOPIC = "expro.audit.sealed"


def dlq_topic(service: str) -> str:
    """Dead-letter topic of a service, e.g. ``expro.fund.dlq`` for ``fund-svc``."""
    return f"expro.{service.removesuffix('-svc')}.dlq"


class EventData(BaseModel):
    """Base of every event's ``data``. Unknown fields are kept (consumers tolerate additions)."""

    model_config = ConfigDict(extra="allow")

    TYPE: ClassVar[str]
    TOPIC: ClassVar[str]
    SUMMARY: ClassVar[str]

    project_id: str = Field(description="项目标识 / project id")

    def subject(self) -> str:
        return self.project_id


#: The saga an event belongs to (added to ``.v1`` as an optional field: older events carry
#: it only in the envelope's ``correlationid``).
def saga_id_field() -> Any:
    return Field(None, description="流程标识 / the issuance saga (also the envelope's correlationid)")
