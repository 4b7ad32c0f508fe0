"""The statement over HTTP on the real database: every movement of money by business date
with the running balance, as JSON, CSV and PDF by Accept."""

from __future__ import annotations

import csv
import io
import threading
import uuid

import pytest

from expro_shared.requests import center_today
from fund_svc.bootstrap import create_app
from fund_svc.statements import render
from tests.support import pdf_text

pytestmark = pytest.mark.db


async def test_the_statement_lists_money_in_and_out_by_business_date_in_three_forms(
    service_client, auth, open_budget, deposit
) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"working_funds": "600.00", "compensation": "400.00"})
    await deposit(client, pid, "1000.00", "ICBC-1")
    fin, other = auth("fin", "finance"), auth("fin-2", "finance")
    refund = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "100.00", "reason": "多缴退回"},
        headers=fin | {"Idempotency-Key": "r"},
    )
    await client.post(f"/v1/refunds/{refund.json()['id']}/approve", headers=other)
    paid = await client.post(
        f"/v1/projects/{pid}/disbursements",
        json={"category": "working_funds", "amount": "250.00", "payee": "某公司", "purpose": "测绘费"},
        headers=auth("clerk", "center_staff") | {"Idempotency-Key": "a"},
    )
    pending = await client.post(
        f"/v1/projects/{pid}/disbursements",
        json={"category": "compensation", "amount": "40.00", "payee": "户主", "purpose": "补偿"},
        headers=auth("clerk", "center_staff") | {"Idempotency-Key": "b"},
    )
    await client.post(f"/v1/disbursements/{paid.json()['id']}/review", json={"approve": True}, headers=fin)
    r = await client.post(
        f"/v1/disbursements/{paid.json()['id']}/pay",
        json={"paid_on": center_today().isoformat(), "bank_reference": "PAY-1"},
        headers=other,
    )
    assert r.status_code == 200, r.text

    url = f"/v1/projects/{pid}/statement"
    js = await client.get(url, headers=auth("own", "owner_unit", org="城投公司"))
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/json")
    s = js.json()
    assert [(e["kind"], e["on"], e["amount_in"], e["amount_out"], e["balance"]) for e in s["entries"]] == [
        ("deposit", "2022-03-15", "1000.00", "0.00", "1000.00"),
        ("refund", center_today().isoformat(), "0.00", "100.00", "900.00"),
        ("disbursement", center_today().isoformat(), "0.00", "250.00", "650.00"),
    ]
    assert s["entries"][2]["reference"] == "PAY-1" and s["entries"][2]["category"] == "working_funds"
    assert [p["id"] for p in s["pending"]] == [pending.json()["id"]]
    assert (s["deposits_received"], s["refunded"]) == ("1000.00", "100.00")
    acct = s["account"]
    assert (acct["deposited"], acct["held"], acct["paid"], acct["available"]) == ("900.00", "40.00", "250.00", "610.00")
    assert s["payables"] == {"count": 0, "amount": "0.00", "paid": "0.00", "open": "0.00", "overdue": 0}

    as_csv = await client.get(url, headers=fin | {"Accept": "text/csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    header = rows.index(list(render._HEADER))
    assert [r[1] for r in rows[header + 1 :]] == ["deposit", "refund", "disbursement"]
    assert rows[header + 3][5] == "某公司: 测绘费" and rows[header + 3][-1] == "650.00"

    as_pdf = await client.get(url, headers=fin | {"Accept": "application/pdf"})
    assert as_pdf.status_code == 200 and as_pdf.headers["content-type"] == "application/pdf"
    assert as_pdf.content.startswith(b"%PDF-") and b"/BaseFont /STSong-Light" in as_pdf.content
    shown = pdf_text(as_pdf.content)
    assert "项目专户对账单" in shown and "owner unit 城投公司" in shown and "available 610.00" in shown
    entries = shown[shown.index("balance") :]  # after the entries' header row, by business date
    order = ["ICBC-1", "1000.00", "refund", "900.00", "PAY-1", "某公司: 测绘费", "650.00"]
    assert [entries.index(text) for text in order] == sorted(entries.index(text) for text in order)

    refused = await client.get(url, headers=fin | {"Accept": "text/html"})
    assert refused.status_code == 406 and refused.json()["type"] == "/problems/not-acceptable"
    assert (await client.get(url, headers=auth("x", "owner_unit", org="其他公司"))).status_code == 404


async def test_the_pdf_is_built_off_the_event_loop(service_client, auth, open_budget, monkeypatch) -> None:
    """ReportLab is CPU-bound (seconds for a long statement): built on the event loop it would
    stall every other request of the service meanwhile."""
    threads: list[int] = []
    build = render.to_pdf

    def recording(*args: object, **kwargs: object) -> bytes:
        threads.append(threading.get_ident())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "to_pdf", recording)
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_budget(app, pid, {"compensation": "400.00"})
    r = await client.get(f"/v1/projects/{pid}/statement", headers=auth("f", "finance") | {"Accept": "application/pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert threads and threads[0] != threading.get_ident()
