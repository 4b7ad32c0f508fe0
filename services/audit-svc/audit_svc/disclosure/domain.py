"""The public disclosure of a project (三公开: 公开调查结果、补偿标准、分户补偿结果), pure:
built from the project's sealed events alone, personal data masked.

Only the fields named here leave: every value is copied field by field from the events,
never an event's ``data`` as a whole, so a field added to an event later is not disclosed
until it is named here. Names keep their first character (张*, 欧阳**), id numbers their
first and last four (4312**********1234).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

PROJECT_REGISTERED = "expro.project.project_registered.v1"
HOUSEHOLD_REGISTERED = "expro.project.household_registered.v1"
PLAN_APPROVED = "expro.project.compensation_plan_approved.v1"
DECISION_RECORDED = "expro.project.expropriation_decision_recorded.v1"
AGREEMENT_SIGNED = "expro.project.agreement_signed.v1"
DECISION_MADE = "expro.project.compensation_decision_made.v1"

TYPES = (PROJECT_REGISTERED, HOUSEHOLD_REGISTERED, PLAN_APPROVED, DECISION_RECORDED, AGREEMENT_SIGNED, DECISION_MADE)


def mask_name(name: str) -> str:
    """The first character, the rest ``*``: 张三 → 张*, 欧阳娜娜 → 欧***. A one-character name
    would be shown whole that way, so it is masked whole: 张 → *."""
    name = name.strip()
    if len(name) == 1:
        return "*"
    return name[:1] + "*" * (len(name) - 1)


def mask_id_number(number: str) -> str:
    """The first four and last four characters, the rest ``*``; a number too short to keep
    eight is masked whole: 431202199001011234 → 4312**********1234."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _items(items: Any) -> list[dict[str, str]]:
    if not isinstance(items, list):
        return []
    return [{"item": _text(i.get("item")), "amount": _text(i.get("amount"))} for i in items if isinstance(i, dict)]


def _standards(standards: Any) -> list[dict[str, str]]:
    if not isinstance(standards, list):
        return []
    return [{"item": _text(s.get("item")), "rule": _text(s.get("rule"))} for s in standards if isinstance(s, dict)]


def disclosure(project_id: str, events: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Any] | None:
    """The disclosure of ``project_id`` from its sealed events ``(type, data)`` in trail
    order; None when the trail never saw the project registered."""
    project: dict[str, Any] | None = None
    households: dict[str, dict[str, Any]] = {}
    standards: dict[str, Any] | None = None
    decision: dict[str, Any] | None = None
    results: dict[str, dict[str, Any]] = {}
    for kind, d in events:
        if _text(d.get("project_id")) != project_id:
            continue
        if kind == PROJECT_REGISTERED:
            project = {
                "project_id": project_id,
                "code": _text(d.get("code")),
                "name": _text(d.get("name")),
                "land_type": _text(d.get("land_type")),
                "district": _text(d.get("district")),
                "owner_unit": _text(d.get("owner_unit")),
            }
        elif kind == HOUSEHOLD_REGISTERED:
            household = _text(d.get("household_id"))
            unregistered = d.get("unregistered")
            households[household] = {
                "household_id": household,
                "head_name": mask_name(_text(d.get("head_name"))),
                "id_number": mask_id_number(_text(d.get("id_number"))),
                "address": _text(d.get("address")),
                "members": d.get("members") if isinstance(d.get("members"), int) else None,
                "registered_area_m2": _text(d.get("registered_area_m2")),
                "unregistered": [
                    {"area_m2": _text(u.get("area_m2")), "classification": _text(u.get("classification"))}
                    for u in (unregistered if isinstance(unregistered, list) else [])
                    if isinstance(u, dict)
                ],
            }
        elif kind == PLAN_APPROVED:
            standards = {
                "plan_id": _text(d.get("plan_id")),
                "approved_on": _text(d.get("approved_on")),
                "standards": _standards(d.get("standards")),
            }
        elif kind == DECISION_RECORDED:
            decision = {
                "document_no": _text(d.get("document_no")),
                "decided_on": _text(d.get("decided_on")),
                "announced_on": _text(d.get("announced_on")),
            }
        elif kind in (AGREEMENT_SIGNED, DECISION_MADE):
            household = _text(d.get("household_id"))
            agreement = kind == AGREEMENT_SIGNED
            results[household] = {
                "household_id": household,
                "outcome": "agreement" if agreement else "compensation_decision",
                "kind": _text(d.get("kind")) if agreement else None,
                "area_m2": _text(d.get("area_m2")),
                "items": _items(d.get("items")),
                "total": _text(d.get("total")),
                "on": _text(d.get("signed_on" if agreement else "decided_on")),
            }
    if project is None:
        return None
    for household, result in results.items():
        head = households.get(household)
        result["head_name"] = head["head_name"] if head else None
    return {
        "project": project,
        "expropriation_decision": decision,
        "survey": list(households.values()),
        "standards": standards,
        "household_results": list(results.values()),
    }
