"""CloudEvents 1.0, structured mode, JSON (docs/design.md §3)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from expro_shared.tracing import child_traceparent, current_traceparent

if TYPE_CHECKING:
    from expro_shared.events.base import EventData

CONTENT_TYPE = "application/cloudevents+json"


class CloudEvent(BaseModel):
    """云事件信封 / CloudEvents 1.0 envelope with our extensions."""

    model_config = ConfigDict(extra="allow")

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(description="事件唯一标识 / unique event id (UUID)")
    source: str = Field(description="来源服务 / producing service, e.g. /fund-svc")
    type: str = Field(description="事件类型 / e.g. expro.fund.deposit_recorded.v1")
    subject: str = Field(description="项目标识 / the project id (also the Kafka key)")
    time: AwareDatetime = Field(description="发生时间 / RFC 3339 UTC")
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]
    traceparent: str | None = Field(None, description="W3C trace context")
    actor: str = Field(description="操作人 / sub of the user, or the service name")
    correlationid: str | None = Field(None, description="所属流程 / saga or request id")
    causationid: str | None = Field(None, description="起因事件 / id of the causing event")

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True)


def new_event(
    data: EventData,
    *,
    source: str,
    actor: str,
    correlationid: str | None = None,
    causation: CloudEvent | None = None,
) -> CloudEvent:
    """Wrap ``data`` in an envelope; a caused event inherits the cause's trace and correlation."""
    if causation is not None:
        traceparent = child_traceparent(causation.traceparent)
        correlationid = correlationid or causation.correlationid
    else:
        traceparent = child_traceparent(current_traceparent())
    return CloudEvent(
        id=str(uuid.uuid4()),
        source=source,
        type=data.TYPE,
        subject=data.subject(),
        time=datetime.now(UTC),
        data=data.model_dump(mode="json"),
        traceparent=traceparent,
        actor=actor,
        correlationid=correlationid,
        causationid=causation.id if causation else None,
    )
