"""The published contract: OpenAPI and AsyncAPI documents are current, and the endpoints and
event types outside clients rely on (docs/design.md §3–§5) exist exactly as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from deploy.openapi import documents, render
from expro_shared import asyncapi
from expro_shared.events import REGISTRY

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def openapi() -> dict[str, dict]:
    return documents()


def test_the_committed_asyncapi_document_is_generated_from_the_contracts() -> None:
    committed = (ROOT / "docs" / "asyncapi.json").read_text(encoding="utf-8")
    assert committed == asyncapi.render(), "run `make contracts` and commit docs/asyncapi.json"


def test_the_committed_openapi_documents_are_current(openapi: dict[str, dict]) -> None:
    for name, doc in openapi.items():
        committed = (ROOT / "docs" / "openapi" / f"{name}.json").read_text(encoding="utf-8")
        assert committed == render(doc), f"run `make contracts` and commit docs/openapi/{name}.json"


CONTRACT = {
    "project-svc": {
        ("post", "/v1/projects"): "createProject",
        ("get", "/v1/projects"): "listProjects",
        ("get", "/v1/projects/{project_id}"): "getProject",
        ("put", "/v1/projects/{project_id}/budget"): "approveBudget",
        ("post", "/v1/projects/{project_id}/task-orders"): "createTaskOrder",
        ("post", "/v1/task-orders/{task_order_id}/issue"): "issueTaskOrder",
        ("get", "/v1/task-orders/{task_order_id}"): "getTaskOrder",
        # DESIGN §7.1, the lifecycle
        ("post", "/v1/projects/{project_id}/risk-assessments"): "recordRiskAssessment",
        ("post", "/v1/projects/{project_id}/pre-announcements"): "publishPreAnnouncement",
        ("post", "/v1/projects/{project_id}/compensation-plans"): "draftCompensationPlan",
        ("post", "/v1/compensation-plans/{plan_id}/publish"): "publishCompensationPlan",
        ("post", "/v1/compensation-plans/{plan_id}/comments"): "submitPlanComment",
        ("post", "/v1/compensation-plans/{plan_id}/hearings"): "recordHearing",
        ("post", "/v1/compensation-plans/{plan_id}/approve"): "approveCompensationPlan",
        ("post", "/v1/projects/{project_id}/decision"): "recordExpropriationDecision",
        ("get", "/v1/projects/{project_id}/decision"): "getExpropriationDecision",
        ("post", "/v1/projects/{project_id}/households"): "registerHousehold",
        ("get", "/v1/households/{household_id}"): "getHousehold",
        ("post", "/v1/projects/{project_id}/valuation-agency-selections"): "selectValuationAgency",
        ("post", "/v1/projects/{project_id}/valuation-reports"): "fileValuationReport",
        ("post", "/v1/projects/{project_id}/agreements"): "signAgreement",
        ("post", "/v1/projects/{project_id}/land-agreements"): "signLandAgreement",
        ("post", "/v1/projects/{project_id}/compensation-decisions"): "makeCompensationDecision",
        ("post", "/v1/projects/{project_id}/judicial-procedures"): "startJudicialProcedure",
        ("post", "/v1/households/{household_id}/move-out"): "recordMoveOut",
        ("post", "/v1/projects/{project_id}/demolitions"): "recordDemolition",
        ("post", "/v1/projects/{project_id}/clearances"): "recordClearance",
        ("post", "/v1/projects/{project_id}/settlement"): "requestSettlement",
    },
    "fund-svc": {
        ("post", "/v1/projects/{project_id}/deposits"): "recordDeposit",
        ("get", "/v1/projects/{project_id}/account"): "getAccount",
    },
}


def test_the_contract_endpoints_exist_with_stable_operation_ids(openapi: dict[str, dict]) -> None:
    for service, ops in CONTRACT.items():
        paths = openapi[service]["paths"]
        for (method, path), operation_id in ops.items():
            assert paths[path][method]["operationId"] == operation_id


#: Operations open to anyone, by design: a transparency log is checked by people who do not
#: trust the center (checkpoints, key, proofs), and the public disclosure (三公开) is public.
PUBLIC: dict[str, set[str]] = {
    "audit-svc": {
        "getLatestCheckpoint",
        "listCheckpoints",
        "getCheckpoint",
        "getCheckpointKey",
        "getInclusionProof",
        "getConsistencyProof",
        "getPublicDisclosure",
    },
}


def test_every_v1_operation_is_tagged_summarised_and_declares_its_problems(openapi: dict[str, dict]) -> None:
    for service, doc in openapi.items():
        for path, item in doc["paths"].items():
            if not path.startswith("/v1"):
                continue
            for method, op in item.items():
                where = f"{service} {method.upper()} {path}"
                assert op.get("tags") and op.get("summary") and op.get("operationId"), where
                if op["operationId"] in PUBLIC.get(service, set()):
                    assert not op.get("security") and method == "get", f"{where} is public: a read without a token"
                    assert "401" not in op["responses"], where
                    continue
                assert "401" in op["responses"], where
                assert "application/problem+json" in op["responses"]["401"]["content"], where
                assert op.get("security"), f"{where} is not authenticated"
                if method in ("post", "put", "patch", "delete"):
                    assert "403" in op["responses"], where


def test_money_fields_are_strings_with_two_decimals(openapi: dict[str, dict]) -> None:
    schemas = openapi["fund-svc"]["components"]["schemas"]
    amount = schemas["DepositCreate"]["properties"]["amount"]
    assert amount["type"] == "string" and "pattern" in amount


def test_issuing_documents_every_refusal_it_can_answer(openapi: dict[str, dict]) -> None:
    doc = openapi["project-svc"]
    op = doc["paths"]["/v1/task-orders/{task_order_id}/issue"]["post"]
    assert {"200", "202", "409"} <= set(op["responses"])
    schema = op["responses"]["409"]["content"]["application/problem+json"]["schema"]
    named = {ref["$ref"].rsplit("/", 1)[-1] for ref in schema["anyOf"]}
    assert named == {"DepositShortfallProblem", "TaskOrderNotIssuable", "BudgetNotApproved", "IssuanceFailed"}
    types = {doc["components"]["schemas"][n]["properties"]["type"]["const"] for n in named}
    slugs = ("deposit-shortfall", "task-order-not-issuable", "budget-not-approved", "issuance-failed")
    assert types == {f"/problems/{t}" for t in slugs}
    assert "required" in doc["components"]["schemas"]["DepositShortfallProblem"]["required"]


def test_every_named_refusal_pins_its_type_and_status(openapi: dict[str, dict]) -> None:
    for service, doc in openapi.items():
        for name, schema in doc["components"]["schemas"].items():
            props = schema.get("properties", {})
            if "const" in props.get("type", {}):
                assert props["type"]["const"].startswith("/problems/"), (service, name)
                assert isinstance(props["status"].get("const"), int), (service, name)


def test_event_types_follow_the_naming_contract() -> None:
    for event_type, model in REGISTRY.items():
        assert re.fullmatch(r"expro\.[a-z]+\.[a-z_]+\.v[0-9]+", event_type), event_type
        assert event_type == model.TYPE
    for core in (
        "expro.project.budget_approved.v1",
        "expro.project.task_order_issuance_requested.v1",
        "expro.project.task_order_issued.v1",
        "expro.project.task_order_blocked.v1",
        "expro.fund.deposit_recorded.v1",
        "expro.fund.funding_confirmed.v1",
        "expro.fund.funding_shortfall.v1",
    ):
        assert core in REGISTRY


def test_the_core_event_data_has_the_contract_fields() -> None:
    doc = json.loads(asyncapi.render())
    props = doc["components"]["schemas"]
    assert {"task_order_id", "project_id", "required", "deposited", "shortfall"} <= set(
        props["FundingShortfall"]["properties"]
    )
    assert {"project_id", "owner_unit", "land_type", "required_deposit", "items"} <= set(
        props["BudgetApproved"]["properties"]
    )
    assert {"deposit_id", "project_id", "amount", "bank_reference", "deposited_total"} <= set(
        props["DepositRecorded"]["properties"]
    )
