"""The public disclosure over HTTP without a token, from events sealed through the app's own
trail consumer; no public endpoint ever shows a name or id number unmasked."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
from fastapi import FastAPI

from expro_shared.events import new_event
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.project import (
    AgreementSigned,
    CompensationItem,
    CompensationPlanApproved,
    ExpropriationDecisionRecorded,
    HouseholdRegistered,
)
from expro_shared.money import Money
from expro_shared.vocabulary import AgreementKind, CompensationItemKind
from tests.support import deliver, project_registered

pytestmark = pytest.mark.db

NAME, ID_NUMBER = "张三丰", "431202199001011234"


def ev(data: object) -> CloudEvent:
    return new_event(data, source="/project-svc", actor="staff-01")  # type: ignore[arg-type]


def project_events(pid: str) -> list[CloudEvent]:
    household = str(uuid.uuid4())
    return [
        project_registered(pid),
        ev(
            ExpropriationDecisionRecorded(
                project_id=pid,
                decision_id=str(uuid.uuid4()),
                document_no="鹤政征〔2022〕1号",
                decided_on=date(2022, 3, 1),
                announced_on=date(2022, 3, 2),
            )
        ),
        ev(
            HouseholdRegistered(
                project_id=pid,
                household_id=household,
                head_name=NAME,
                id_number=ID_NUMBER,
                address="城南路1号",
                members=4,
                registered_area_m2="120.00",
                unregistered=[{"area_m2": "10.00", "classification": "合法"}],
            )
        ),
        ev(
            CompensationPlanApproved(
                project_id=pid,
                plan_id=str(uuid.uuid4()),
                approved_on=date(2022, 2, 1),
                changes="无",
                standards=[{"item": "house_value", "rule": "按评估价"}],
            )
        ),
        ev(
            AgreementSigned(
                project_id=pid,
                agreement_id=str(uuid.uuid4()),
                household_id=household,
                kind=AgreementKind.MONETARY,
                area_m2="120.00",
                items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse("900000.00"))],
                total=Money.parse("900000.00"),
                signed_on=date(2022, 6, 1),
                payment_due_on=date(2022, 7, 1),
                move_out_deadline=date(2022, 8, 1),
                members=4,
            )
        ),
    ]


async def test_anyone_reads_a_projects_disclosure_masked(app: FastAPI, client: httpx.AsyncClient) -> None:
    pid = str(uuid.uuid4())
    events = project_events(pid)
    await deliver(app.state.runtime.consumers["audit-svc.trail"], *events)

    r = await client.get(f"/v1/public/projects/{pid}/disclosure")  # no token
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["project"]["project_id"] == pid
    assert body["expropriation_decision"]["document_no"] == "鹤政征〔2022〕1号"
    [household] = body["survey"]
    assert (household["head_name"], household["id_number"]) == ("张**", "4312**********1234")
    assert body["standards"]["standards"] == [{"item": "house_value", "rule": "按评估价"}]
    [result] = body["household_results"]
    assert (result["head_name"], result["total"], result["on"]) == ("张**", "900000.00", "2022-06-01")

    # no public endpoint shows the name or the id number in the clear
    public = [
        f"/v1/public/projects/{pid}/disclosure",
        "/v1/audit/checkpoints/latest",
        "/v1/audit/checkpoints",
        "/v1/audit/checkpoints/key",
        f"/v1/audit/records/{events[2].id}/inclusion-proof",
        "/v1/audit/consistency-proof?first=1",
        "/dashboard",
    ]
    for path in public:
        r = await client.get(path)
        assert r.status_code == 200, (path, r.text)
        for secret in (NAME, ID_NUMBER, "三丰", "19900101"):
            assert secret not in r.text, path


async def test_an_unknown_project_is_not_found(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/v1/public/projects/{uuid.uuid4()}/disclosure")
    assert (r.status_code, r.json()["type"]) == (404, "/problems/not-found")
