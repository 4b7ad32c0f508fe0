"""Generate the AsyncAPI 3.0 document of every event from the Pydantic contracts.

``python -m expro_shared.asyncapi > docs/asyncapi.json``; a test keeps the committed
document equal to what the contracts generate.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, PROJECT_TOPIC, REGISTRY
from expro_shared.events.envelope import CloudEvent

TOPICS = {
    PROJECT_TOPIC: "项目任务事件 / project-svc events",
    FUND_TOPIC: "资金事件 / fund-svc events",
    HOUSING_TOPIC: "安置房源事件 / housing-svc events",
    AUDIT_TOPIC: "审计封存记录 / sealed audit records, for dashboards",
    "expro.{service}.dlq": "死信 / dead letters of one service (project, fund, housing, audit)",
}


def _channel_id(topic: str) -> str:
    return topic.replace(".", "_").replace("{", "").replace("}", "")


def build() -> dict[str, Any]:
    models = sorted(REGISTRY.values(), key=lambda m: m.TYPE)
    _, defs = models_json_schema(
        [(m, "serialization") for m in models] + [(CloudEvent, "serialization")],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic, description in TOPICS.items():
        channels[_channel_id(topic)] = {"address": topic, "description": description, "messages": {}}
    for m in models:
        topic = "expro.{service}.dlq" if m.TOPIC.endswith(".dlq") else m.TOPIC
        name = m.TYPE.replace(".", "_")
        messages[name] = {
            "name": m.TYPE,
            "title": m.__name__,
            "summary": m.SUMMARY,
            "contentType": "application/cloudevents+json",
            "headers": {"type": "object", "properties": {"content-type": {"const": "application/cloudevents+json"}}},
            "payload": {
                "allOf": [
                    {"$ref": "#/components/schemas/CloudEvent"},
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": m.TYPE},
                            "data": {"$ref": f"#/components/schemas/{m.__name__}"},
                        },
                    },
                ]
            },
            "correlationId": {"location": "$message.payload#/correlationid"},
            "bindings": {"kafka": {"key": {"type": "string", "description": "project id"}}},
        }
        ch = _channel_id(topic)
        channels[ch]["messages"][name] = {"$ref": f"#/components/messages/{name}"}
    for ch, body in channels.items():
        if body["messages"]:
            operations[f"publish_{ch}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{ch}"},
                "messages": [{"$ref": f"#/channels/{ch}/messages/{n}"} for n in body["messages"]],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "征收安置事务中心事件 / Expropriation & Resettlement platform events",
            "version": "1.0.0",
            "description": (
                "CloudEvents 1.0 (structured JSON) on Kafka. Message key = project id. "
                "Types are expro.<service>.<event>.v<N>; a breaking change is a new version."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
