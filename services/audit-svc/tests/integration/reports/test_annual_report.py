"""The annual report over HTTP, from events sealed through the app's own trail consumer (its
real unit of work) — by business dates, never by when the events were sealed; as JSON or PDF."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from audit_svc.reports import pdf
from expro_shared.events import new_event
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.housing import ImportedUnit, UnitsImported
from expro_shared.events.project import AgreementSigned, CompensationDecisionMade, CompensationItem, ProjectRegistered
from expro_shared.money import Money
from expro_shared.vocabulary import AgreementKind, CompensationItemKind, LandType
from tests.support import bearer, deliver, pdf_text

pytestmark = pytest.mark.db

AUDITOR = bearer("u-1", "auditor")


def project(land_type: LandType) -> tuple[str, CloudEvent]:
    pid = str(uuid.uuid4())
    data = ProjectRegistered(
        project_id=pid,
        code=f"ZS-{pid[:6]}",
        name="城南片区",
        land_type=land_type,
        district="城南区",
        owner_unit="城投公司",
        planned_households=61,
        planned_area_m2="13716.00",
    )
    return pid, new_event(data, source="/project-svc", actor="staff-01")


def agreement(pid: str, household: str, area: str, signed_on: date) -> CloudEvent:
    data = AgreementSigned(
        project_id=pid,
        agreement_id=str(uuid.uuid4()),
        household_id=household,
        kind=AgreementKind.MONETARY,
        area_m2=area,
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse("100000.00"))],
        total=Money.parse("100000.00"),
        signed_on=signed_on,
        payment_due_on=date(2030, 1, 1),
        move_out_deadline=date(2030, 1, 1),
        members=3,
    )
    return new_event(data, source="/project-svc", actor="staff-01")


def decision(pid: str, household: str, area: str, decided_on: date) -> CloudEvent:
    data = CompensationDecisionMade(
        project_id=pid,
        decision_id=str(uuid.uuid4()),
        household_id=household,
        area_m2=area,
        items=[CompensationItem(item=CompensationItemKind.HOUSE_VALUE, amount=Money.parse("1.00"))],
        total=Money.parse("1.00"),
        decided_on=decided_on,
        move_out_deadline=date(2030, 1, 1),
    )
    return new_event(data, source="/project-svc", actor="staff-01")


def disbursement_paid(pid: str, amount: str, paid_on: str, category: str, **more: Any) -> CloudEvent:
    """fund-svc's `disbursement_paid` by type string and field names (its model is not ours)."""
    data = {
        "project_id": pid,
        "disbursement_id": str(uuid.uuid4()),
        "category": category,
        "amount": amount,
        "household_id": more.get("household_id", "h-0"),
        "agreement_id": None,
        "transition_fee": more.get("transition_fee"),
        "paid_on_behalf_of": more.get("paid_on_behalf_of"),
        "paid_on": paid_on,
    }
    return CloudEvent(
        id=str(uuid.uuid4()),
        source="/fund-svc",
        type="expro.fund.disbursement_paid.v1",
        subject=pid,
        time=datetime.now(UTC),
        data=data,
        actor="finance-01",
    )


async def seal(app: FastAPI, *events: CloudEvent) -> None:
    consumer = app.state.runtime.consumers["audit-svc.trail"]
    for e in events:
        await deliver(consumer, e, topic="expro.fund.events" if e.source == "/fund-svc" else None)


async def test_the_annual_report_counts_the_trail_by_business_dates(app: FastAPI, client: httpx.AsyncClient) -> None:
    state, registered_state = project(LandType.STATE_OWNED)
    collective, registered_collective = project(LandType.COLLECTIVE)
    late = {"kind": "late_delivery", "period_from": "2021-07-01", "period_to": "2022-06-30"}
    await seal(
        app,
        registered_state,
        registered_collective,
        agreement(state, "h1", "13000.00", date(2022, 3, 1)),
        decision(state, "h2", "716.00", date(2022, 12, 31)),
        agreement(state, "h3", "99.00", date(2021, 12, 31)),  # the year before
        agreement(collective, "h4", "120.00", date(2022, 5, 5)),
        disbursement_paid(state, "40000000.00", "2022-06-01", "compensation"),
        disbursement_paid(state, "2065358.00", "2022-07-01", "compensation"),
        disbursement_paid(
            state, "668000.00", "2022-08-01", "temporary_resettlement", household_id="h1", transition_fee=late
        ),
        disbursement_paid(
            state, "500000.00", "2022-09-01", "temporary_resettlement", household_id="h2", transition_fee=late
        ),
        new_event(
            UnitsImported(units=[ImportedUnit(unit_id="u1", completed_on=date(2022, 4, 1))]),
            source="/housing-svc",
            actor="housing-01",
        ),
    )

    r = await client.get("/v1/reports/annual/2022", headers=AUDITOR)
    assert r.status_code == 200, r.text
    report = r.json()
    assert set(report) == {"state_owned", "collective", "transition_fees", "resettlement_housing", "text_zh"}
    assert report["state_owned"] == {
        "households_expropriated": 2,
        "area_m2": "13716.00",
        "compensation_paid": "42065358.00",
        "demolished_area_m2": "0.00",
        "land_cleared_mu": "0.00",
        "projects_cleared": 0,
        "judicial_procedures_started": 0,
    }
    assert report["collective"]["house_agreements"] == 1
    assert report["transition_fees"]["households"] == 2
    assert report["transition_fees"]["state_owned_late"] == {"households": 2, "amount": "1168000.00"}
    assert report["resettlement_housing"] == {"units_completed": 1}
    assert report["text_zh"].startswith(
        "2022年，市区总计新增国有土地上房屋征收2户，面积13716㎡，支付房屋征收补偿款4206.5358万元，"
    )
    assert "逾期安置过渡费2户116.8万元" in report["text_zh"]

    # sealed today, but nothing happened this year in the world: the year of sealing counts nothing
    this_year = (await client.get(f"/v1/reports/annual/{date.today().year}", headers=AUDITOR)).json()
    assert this_year["state_owned"]["households_expropriated"] == 0
    assert this_year["state_owned"]["compensation_paid"] == "0.00"


async def test_the_annual_report_as_a_pdf(app: FastAPI, client: httpx.AsyncClient) -> None:
    state, registered = project(LandType.STATE_OWNED)
    await seal(app, registered, agreement(state, "h1", "13716.00", date(2022, 3, 1)))
    r = await client.get("/v1/reports/annual/2022", headers={**AUDITOR, "Accept": "application/pdf"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert b"/BaseFont /STSong-Light" in r.content and b"/Encoding /UniGB-UCS2-H" in r.content
    text = pdf_text(r.content)
    assert "2022年度征收安置工作统计" in text
    assert "2022年，市区总计新增国有土地上房屋征收1户，面积13716㎡" in text
    # JSON stays the default, and wins when named first
    r = await client.get("/v1/reports/annual/2022", headers={**AUDITOR, "Accept": "application/json, application/pdf"})
    assert r.headers["content-type"] == "application/json"


async def test_the_pdf_is_built_off_the_event_loop(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ReportLab is CPU-bound: built on the event loop it would stall every other request."""
    threads: list[int] = []
    build = pdf.render

    def recording(year: int, report: dict[str, Any]) -> bytes:
        threads.append(threading.get_ident())
        return build(year, report)

    monkeypatch.setattr(pdf, "render", recording)
    r = await client.get("/v1/reports/annual/2022", headers={**AUDITOR, "Accept": "application/pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert threads and threads[0] != threading.get_ident()


@pytest.mark.parametrize("role", ["auditor", "center_leader", "center_staff"])
async def test_the_audit_readers_read_the_report(client: httpx.AsyncClient, role: str) -> None:
    assert (await client.get("/v1/reports/annual/2022", headers=bearer("u-1", role))).status_code == 200


@pytest.mark.parametrize("role", ["owner_unit", "finance", "district", "housing_admin"])
async def test_other_roles_and_no_token_are_refused(client: httpx.AsyncClient, role: str) -> None:
    r = await client.get("/v1/reports/annual/2022", headers=bearer("u-1", role, org="城投公司"))
    assert (r.status_code, r.json()["type"]) == (403, "/problems/forbidden")
    assert (await client.get("/v1/reports/annual/2022")).status_code == 401


async def test_a_year_out_of_range_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    for year in ("1999", "2101", "twenty"):
        r = await client.get(f"/v1/reports/annual/{year}", headers=AUDITOR)
        assert (r.status_code, r.json()["type"]) == (422, "/problems/validation-error")
