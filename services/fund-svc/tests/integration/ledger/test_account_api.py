"""The project's account over HTTP on the real database: who may read it."""

from __future__ import annotations

import pytest

from fund_svc.bootstrap import create_app

pytestmark = pytest.mark.db
PID = "0c4e2a6b-8d1f-4b3a-9e5c-7f6a5b4c3d2e"


async def test_the_account_shows_the_required_deposit_and_its_categories(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID, "100.00")
    r = await client.get(f"/v1/projects/{PID}/account", headers=auth("own", "owner_unit", org="城投公司"))
    assert r.status_code == 200
    account = r.json()
    assert (account["required"], account["deposited"], account["shortfall"]) == ("100.00", "0.00", "100.00")
    assert account["categories"] == [
        {
            "category": "compensation",
            "budget": "100.00",
            "disbursed": "0.00",
            "held": "0.00",
            "paid": "0.00",
            "remaining": "100.00",
        }
    ]


async def test_an_unknown_project_has_no_account(service_client, auth) -> None:
    client, _ = await service_client(create_app, "FUND_SVC_")
    r = await client.get(f"/v1/projects/{PID}/account", headers=auth("fin", "finance"))
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"


async def test_a_district_user_cannot_read_accounts(service_client, auth, open_account) -> None:
    client, app = await service_client(create_app, "FUND_SVC_")
    await open_account(app, PID)
    r = await client.get(f"/v1/projects/{PID}/account", headers=auth("d", "district", org="城南区"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden"
