"""Every refusal of a lifecycle step is declared on its route with its own problem type, so a
generated client parses each 409 into the model that names it (DESIGN §5)."""

from __future__ import annotations

from typing import Any

import pytest

from project_svc.bootstrap import create_app

#: operationId → the named 409 problems its route declares.
REFUSALS = {
    "recordRiskAssessment": set(),
    "publishPreAnnouncement": {"land-type-mismatch"},
    "draftCompensationPlan": set(),
    "publishCompensationPlan": {"comment-period-too-short", "plan-not-in-status"},
    "submitPlanComment": {"step-missing", "outside-comment-period", "plan-not-in-status"},
    "recordHearing": {"step-missing", "plan-not-in-status"},
    "approveCompensationPlan": {"step-missing", "comment-period-open", "plan-not-in-status"},
    "recordExpropriationDecision": {"step-missing", "step-already-recorded"},
    "registerHousehold": set(),
    "selectValuationAgency": set(),
    "fileValuationReport": set(),
    "signAgreement": {"step-missing", "agreement-exists"},
    "signLandAgreement": {"step-missing", "land-type-mismatch"},
    "makeCompensationDecision": {"agreement-exists", "step-already-recorded"},
    "startJudicialProcedure": {"step-missing", "move-out-deadline-not-passed"},
    "recordMoveOut": {"step-missing", "step-already-recorded"},
    "recordDemolition": {"step-missing"},
    "recordClearance": set(),
    "requestSettlement": {"step-missing", "step-already-recorded"},
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return create_app(kafka=False).openapi()


def declared_409(doc: dict[str, Any], op: dict[str, Any]) -> set[str]:
    if "409" not in op["responses"]:
        return set()
    schema = op["responses"]["409"]["content"]["application/problem+json"]["schema"]
    refs = [r["$ref"] for r in schema.get("anyOf", [schema])]
    names = [ref.rsplit("/", 1)[-1] for ref in refs]
    return {doc["components"]["schemas"][n]["properties"]["type"]["const"].removeprefix("/problems/") for n in names}


def test_each_step_declares_exactly_its_refusals(doc: dict[str, Any]) -> None:
    ops = {op["operationId"]: op for item in doc["paths"].values() for op in item.values()}
    for operation_id, refusals in REFUSALS.items():
        assert declared_409(doc, ops[operation_id]) == refusals, operation_id


def test_step_missing_names_the_missing_step(doc: dict[str, Any]) -> None:
    schema = doc["components"]["schemas"]["StepMissingProblem"]
    assert schema["properties"]["status"]["const"] == 409
    assert "missing" in schema["required"]
