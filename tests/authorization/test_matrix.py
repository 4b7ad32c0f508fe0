"""Authorization matrix, generated from one table (``ALLOWED``): every operation of the four
services × every role (and none, and an unknown one) × a bad token of each kind → the
expected status; and own versus other organisation where a role is org-scoped.

The table is the specification: an operation missing from it fails the test, so a new
endpoint cannot ship without saying who may call it. Requests carry fresh ids and empty
bodies: an allowed caller gets past authorisation (404, 422, …), a refused one gets 403."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import jwt
import pytest

from audit_svc.bootstrap import create_app as audit_app
from expro_shared.auth import ROLES
from expro_shared.settings import DEV_JWT_SECRET
from fund_svc.bootstrap import create_app as fund_app
from housing_svc.bootstrap import create_app as housing_app
from project_svc.bootstrap import create_app as project_app

pytestmark = pytest.mark.db

READ = {"center_staff", "center_leader", "finance", "auditor", "housing_admin", "owner_unit", "district"}
FUND_READ = {"center_staff", "center_leader", "finance", "auditor", "owner_unit"}
AUDIT_READ = {"auditor", "center_leader", "center_staff"}
#: DESIGN §7.1: the lifecycle's steps are the center's (its leader's: plan approval and the
#: decision); every role that reads projects reads them, owner units and districts their own.
LIFECYCLE = {"center_staff", "center_leader"}
LIFECYCLE_STEPS = (
    "recordRiskAssessment",
    "publishPreAnnouncement",
    "draftCompensationPlan",
    "publishCompensationPlan",
    "submitPlanComment",
    "recordHearing",
    "registerHousehold",
    "selectValuationAgency",
    "fileValuationReport",
    "signAgreement",
    "signLandAgreement",
    "makeCompensationDecision",
    "startJudicialProcedure",
    "recordMoveOut",
    "recordDemolition",
    "recordClearance",
    "requestSettlement",
)
LIFECYCLE_READS = (
    "listRiskAssessments",
    "getRiskAssessment",
    "listPreAnnouncements",
    "getPreAnnouncement",
    "listCompensationPlans",
    "getCompensationPlan",
    "listPlanComments",
    "getPlanComment",
    "listHearings",
    "getHearing",
    "getExpropriationDecision",
    "listHouseholds",
    "getHousehold",
    "listValuationAgencySelections",
    "getValuationAgencySelection",
    "listValuationReports",
    "getValuationReport",
    "listAgreements",
    "getAgreement",
    "listCompensationDecisions",
    "getCompensationDecision",
    "listLandAgreements",
    "getLandAgreement",
    "listJudicialProcedures",
    "getJudicialProcedure",
    "listDemolitions",
    "getDemolition",
    "listClearances",
    "getClearance",
    "getSettlement",
)
DEAD_LETTERS = {"listDeadLetters": {"center_leader", "auditor"}, "replayDeadLetter": {"center_leader"}}

#: operationId → the roles that may call it. Every authenticated operation is listed.
ALLOWED: dict[str, dict[str, set[str]]] = {
    "project-svc": {
        "createProject": {"center_staff", "center_leader"},
        "listProjects": READ,
        "getProject": READ,
        "approveBudget": {"center_staff", "center_leader"},
        "createTaskOrder": {"center_staff", "center_leader"},
        "listTaskOrders": READ,
        "getTaskOrder": READ,
        "issueTaskOrder": {"center_leader"},
        **{op: LIFECYCLE for op in LIFECYCLE_STEPS},
        "approveCompensationPlan": {"center_leader"},
        "recordExpropriationDecision": {"center_leader"},
        **{op: READ for op in LIFECYCLE_READS},
        **DEAD_LETTERS,
    },
    "fund-svc": {
        "recordDeposit": {"finance", "owner_unit"},
        "listDeposits": FUND_READ,
        "getAccount": FUND_READ,
        "requestRefund": {"finance"},
        "approveRefund": {"finance", "center_leader"},
        "getRefund": FUND_READ,
        "requestDisbursement": {"finance", "center_staff"},
        "reviewDisbursement": {"finance"},
        "approveDisbursement": {"center_leader"},
        "rejectDisbursement": {"finance", "center_leader"},
        "payDisbursement": {"finance"},
        "listDisbursements": FUND_READ,
        "getDisbursement": FUND_READ,
        "listPayables": FUND_READ,
        "listOverduePayables": FUND_READ,
        "sweepOverduePayables": {"finance", "center_staff", "center_leader"},
        "setTransitionFeePolicy": {"center_staff", "center_leader"},
        "getTransitionFeePolicy": FUND_READ,
        "runTransitionFees": {"finance", "center_staff"},
        "getStatement": FUND_READ,
        "settleAccount": {"center_leader"},
        **DEAD_LETTERS,
    },
    "housing-svc": {
        "listHousingProjects": READ,
        "getHousingProject": READ,
        "importUnits": {"housing_admin"},
        "listUnits": READ,
        "getUnit": READ,
        "listEligibilities": READ,
        "getEligibility": READ,
        "reviewEligibility": {"district"},
        "createSelectionRound": {"housing_admin"},
        "listSelectionRounds": READ,
        "getSelectionRound": READ,
        "commitLotterySeed": {"housing_admin"},
        "drawLottery": {"housing_admin"},
        "getSelectionOrder": READ,
        "verifySelectionOrder": READ,
        "chooseUnit": {"housing_admin"},
        "skipTurn": {"housing_admin"},
        "listAllocations": READ,
        "getAllocation": READ,
        "getPriceDifference": READ,
        "deliverUnit": {"housing_admin"},
        "getHousingStatistics": READ,
        **DEAD_LETTERS,
    },
    "audit-svc": {
        "listAuditRecords": AUDIT_READ,
        "getAuditRecord": AUDIT_READ,
        "verifyAuditChain": AUDIT_READ,
        "getAnnualReport": AUDIT_READ,
        **DEAD_LETTERS,
    },
}
APPS = {
    "project-svc": (project_app, "PROJECT_SVC_"),
    "fund-svc": (fund_app, "FUND_SVC_"),
    "housing-svc": (housing_app, "HOUSING_SVC_"),
    "audit-svc": (audit_app, "AUDIT_SVC_"),
}
ORGS = {"owner_unit": "城投公司", "district": "城南区"}


def token(claims: dict[str, Any], key: str = DEV_JWT_SECRET, algorithm: str = "HS256") -> dict[str, str]:
    return {"Authorization": "Bearer " + jwt.encode(claims, key, algorithm=algorithm)}


def claims(*roles: str, exp: float | None = None, org: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"sub": "someone", "roles": list(roles), "exp": int(exp or time.time() + 600)}
    return body | ({"org": org} if org else {})


BAD_TOKENS = {
    "missing": {},
    "expired": token(claims("center_leader", exp=time.time() - 60)),
    "wrongly signed": token(claims("center_leader"), key="not-the-key-" + "x" * 40),
    "alg=none": token(claims("center_leader"), key="", algorithm="none"),
    "not a JWT": {"Authorization": "Bearer not.a.jwt"},
}
CALLERS = {
    "no role": token(claims()),
    "unknown role": token(claims("superuser")),
    **{role: token(claims(role, org=ORGS.get(role))) for role in sorted(ROLES)},
}


def operations(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(operationId, method, concrete path) of every authenticated operation."""
    out = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if op.get("security"):
                out.append((op["operationId"], method, re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)))
    return out


@pytest.mark.parametrize("service", sorted(APPS))
async def test_every_operation_admits_exactly_the_roles_of_the_table(service_client, service: str) -> None:
    create_app, prefix = APPS[service]
    client, app = await service_client(create_app, prefix)
    ops = operations(app.openapi())
    assert {op for op, _, _ in ops} == set(ALLOWED[service]), "the table names every authenticated operation"
    cases = 0
    for operation_id, method, path in ops:
        body = {"json": {}} if method in ("post", "put", "patch") else {}
        for kind, headers in BAD_TOKENS.items():
            r = await client.request(method, path, headers=headers, **body)
            assert r.status_code == 401, (operation_id, kind, r.status_code, r.text)
            assert r.json()["type"] == "/problems/unauthorized" and r.headers["www-authenticate"] == "Bearer"
            cases += 1
        for caller, headers in CALLERS.items():
            r = await client.request(method, path, headers=headers, **body)
            if caller in ALLOWED[service][operation_id]:
                assert r.status_code not in (401, 403), (operation_id, caller, r.status_code, r.text)
            else:
                assert r.status_code == 403, (operation_id, caller, r.status_code, r.text)
                assert r.json()["type"] == "/problems/forbidden"
            cases += 1
    assert cases == len(ops) * (len(BAD_TOKENS) + len(CALLERS))


PROJECT = {
    "code": "ZS-AUTH",
    "name": "城南片区",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716.00",
}


@pytest.mark.parametrize(
    ("caller", "sees"),
    [
        (("owner_unit", "城投公司"), True),
        (("owner_unit", "其他公司"), False),
        (("district", "城南区"), True),
        (("district", "城北区"), False),
        (("center_staff", None), True),
    ],
)
async def test_org_scoped_roles_see_only_their_own_organisation(service_client, caller, sees) -> None:
    client, _ = await service_client(project_app, "PROJECT_SVC_")
    lead = token(claims("center_leader"))
    project = (await client.post("/v1/projects", json=PROJECT, headers=lead)).json()
    order = (
        await client.post(
            f"/v1/projects/{project['id']}/task-orders",
            json={"title": "征收任务", "scope": "61户", "due_date": "2023-06-30"},
            headers=lead,
        )
    ).json()
    role, org = caller
    headers = token(claims(role, org=org))
    expected = 200 if sees else 404
    for path in (
        f"/v1/projects/{project['id']}",
        f"/v1/projects/{project['id']}/task-orders",
        f"/v1/task-orders/{order['id']}",
    ):
        r = await client.get(path, headers=headers)
        assert r.status_code == expected, (path, caller, r.text)
        if not sees:
            assert r.json()["type"] == "/problems/not-found", "no existence leak"
    listed = (await client.get("/v1/projects", headers=headers)).json()["items"]
    assert [p["id"] for p in listed] == ([project["id"]] if sees else [])
    other = (await client.get("/v1/projects", params={"owner_unit": "其他公司"}, headers=headers)).json()["items"]
    assert other == []
