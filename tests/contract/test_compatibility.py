"""The published documents only grow: against the documents as first published
(``tests/contract/baseline/``), every operation, parameter, response, schema property and
event type is still there with the same meaning. Additions (new problem types, optional
fields, new endpoints) pass; a rename or removal fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deploy.openapi import documents
from expro_shared import asyncapi

BASELINE = Path(__file__).parent / "baseline"

#: Deliberate renames of schema components, each a fix: old name → new name, and why.
RENAMED = {
    # An inner class's generated name leaked into generated clients.
    "PageoperationsRouterLocalsDeadLetterPublic": "Page_DeadLetterPublic_",
}


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def covers(
    new_doc: dict[str, Any], new: dict[str, Any], old_doc: dict[str, Any], old: dict[str, Any], where: str
) -> None:
    """``new`` still offers everything ``old`` did."""
    new = _resolve(new_doc, new)
    old = _resolve(old_doc, old)
    for key in ("oneOf", "anyOf"):
        if key in new and key not in old:
            # More outcomes declared (e.g. named refusals beside the one declared before, that
            # the service could always answer): the old promise must still be one of them.
            failures = []
            for alternative in new[key]:
                try:
                    covers(new_doc, alternative, old_doc, old, where)
                    return
                except AssertionError as exc:
                    failures.append(str(exc))
            raise AssertionError(f"{where}: no alternative keeps the old promise: {failures}")
    if "type" in old:
        assert new.get("type") == old["type"], f"{where}: type {old['type']} became {new.get('type')}"
    for name, prop in old.get("properties", {}).items():
        assert name in new.get("properties", {}), f"{where}: property {name!r} was removed"
        covers(new_doc, new["properties"][name], old_doc, prop, f"{where}.{name}")
    if "items" in old:
        covers(new_doc, new.get("items", {}), old_doc, old["items"], f"{where}[]")


def _baseline(name: str) -> dict[str, Any]:
    return json.loads((BASELINE / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, Any]]:
    return documents()


@pytest.mark.parametrize("service", ["project-svc", "fund-svc", "housing-svc", "audit-svc"])
def test_every_published_operation_is_still_there_with_what_it_promised(
    service: str, current: dict[str, dict[str, Any]]
) -> None:
    old_doc, new_doc = _baseline(f"{service}.json"), current[service]
    for path, item in old_doc["paths"].items():
        assert path in new_doc["paths"], f"{service}: {path} was removed"
        for method, old in item.items():
            where = f"{service} {method.upper()} {path}"
            new = new_doc["paths"][path].get(method)
            assert new is not None, f"{where} was removed"
            assert new["operationId"] == old["operationId"], f"{where}: operationId changed"
            new_params = {(p["name"], p["in"]): p for p in new.get("parameters", [])}
            old_params = {(p["name"], p["in"]) for p in old.get("parameters", [])}
            for key, param in new_params.items():
                assert key in old_params or not param.get("required"), f"{where}: new required parameter {key}"
            for key in old_params:
                assert key in new_params, f"{where}: parameter {key} was removed"
            if "requestBody" in old:
                for media, content in old["requestBody"]["content"].items():
                    covers(new_doc, new["requestBody"]["content"][media]["schema"], old_doc, content["schema"], where)
            for status, response in old["responses"].items():
                assert status in new["responses"], f"{where}: response {status} was removed"
                for media, content in response.get("content", {}).items():
                    new_content = new["responses"][status].get("content", {})
                    assert media in new_content, f"{where} {status}: {media} was removed"
                    covers(new_doc, new_content[media]["schema"], old_doc, content["schema"], f"{where} {status}")
    for name, schema in old_doc["components"]["schemas"].items():
        assert RENAMED.get(name, name) in new_doc["components"]["schemas"], f"{service}: schema {name} was removed"
        new_ref = {"$ref": f"#/components/schemas/{RENAMED.get(name, name)}"}
        covers(new_doc, new_ref, old_doc, schema, f"{service} {name}")


def test_every_published_event_type_is_still_there_with_its_fields() -> None:
    old_doc, new_doc = _baseline("asyncapi.json"), asyncapi.build()
    for channel, body in old_doc["channels"].items():
        assert new_doc["channels"][channel]["address"] == body["address"]
        assert set(body["messages"]) <= set(new_doc["channels"][channel]["messages"]), channel
    for name, message in old_doc["components"]["messages"].items():
        assert new_doc["components"]["messages"][name]["name"] == message["name"]
    for name, schema in old_doc["components"]["schemas"].items():
        covers(new_doc, {"$ref": f"#/components/schemas/{name}"}, old_doc, schema, f"event schema {name}")
