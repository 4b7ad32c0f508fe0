"""Money leaves once: concurrent approvals of one refund (real database; the defect showed
on PostgreSQL, where approvals really run in parallel — SQLite serialises them)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from fund_svc.bootstrap import create_app

pytestmark = pytest.mark.db


@pytest.mark.parametrize("round_", range(5))
async def test_ten_approvers_at_once_pay_a_refund_exactly_once(service_client, auth, open_account, round_) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    pid = str(uuid.uuid4())
    await open_account(app, pid, "1000.00")
    maker = auth("maker", "finance")
    r = await client.post(
        f"/v1/projects/{pid}/deposits",
        json={
            "amount": "1000.00",
            "bank_reference": "ICBC-1",
            "payer": "城投公司",
            "received_at": "2022-03-15T10:30:00+08:00",
        },
        headers=maker | {"Idempotency-Key": "d"},
    )
    assert r.status_code == 201, r.text
    refund = await client.post(
        f"/v1/projects/{pid}/refunds",
        json={"amount": "300.00", "reason": "多缴"},
        headers=maker | {"Idempotency-Key": "r"},
    )
    assert refund.status_code == 201, refund.text

    approvals = await asyncio.gather(
        *(
            client.post(f"/v1/refunds/{refund.json()['id']}/approve", headers=auth(f"checker-{i}", "finance"))
            for i in range(10)
        )
    )

    statuses = sorted(a.status_code for a in approvals)
    assert statuses == [200] + [409] * 9, [a.text for a in approvals if a.status_code != 200]
    assert all(a.json()["type"] == "/problems/refund-not-pending" for a in approvals if a.status_code == 409)
    account = (await client.get(f"/v1/projects/{pid}/account", headers=maker)).json()
    assert account["deposited"] == "700.00"
