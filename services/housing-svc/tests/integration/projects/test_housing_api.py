"""housing-svc over HTTP: the app from ``create_app(kafka=False)`` in its lifespan, on the
real database, with projects projected by the app's own consumer."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
import jwt
import pytest
from fastapi import FastAPI

from expro_shared.events.envelope import CloudEvent, new_event
from expro_shared.events.project import BudgetApproved, BudgetItem
from expro_shared.settings import DEV_JWT_SECRET
from expro_shared.vocabulary import BudgetCategory, LandType, Money
from housing_svc.bootstrap import create_app
from tests.support import bearer, deliver, project_registered

pytestmark = pytest.mark.db
Running = tuple[httpx.AsyncClient, FastAPI]

CITY_INVEST, RAIL_GROUP = "城投公司", "轨道集团"


STAFF = bearer("u-1", "center_staff")


@pytest.fixture
async def running(service_client: Callable[..., Awaitable[Running]]) -> Running:
    return await service_client(create_app, "HOUSING_SVC_")


@pytest.fixture
def client(running: Running) -> httpx.AsyncClient:
    return running[0]


@pytest.fixture
def app(running: Running) -> FastAPI:
    return running[1]


async def project(app: FastAPI, *events: CloudEvent) -> None:
    await deliver(app.state.runtime.consumers["housing-svc.projects"], *events)


async def test_projects_are_closed_without_a_token(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/housing/projects")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/unauthorized"


def unknown_role_token() -> dict[str, str]:
    """A validly signed token whose only role is none of the platform's (``issue_token``
    refuses to sign one)."""
    claims = {"sub": "x", "roles": ["superuser"], "exp": int(time.time()) + 3600}
    return {"Authorization": "Bearer " + jwt.encode(claims, DEV_JWT_SECRET, algorithm="HS256")}


@pytest.mark.parametrize("headers", [bearer("x"), unknown_role_token()], ids=["no-role", "unknown-role"])
async def test_a_token_without_a_known_role_is_forbidden_on_every_route(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    reg = project_registered(owner_unit=CITY_INVEST)
    await project(app, reg)
    assert (await client.get(f"/v1/housing/projects/{reg.subject}", headers=STAFF)).status_code == 200

    for path in ("/v1/housing/projects", f"/v1/housing/projects/{reg.subject}"):
        r = await client.get(path, headers=headers)
        assert r.status_code == 403, path
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == "/problems/forbidden"


async def test_the_center_sees_every_project_a_page_at_a_time(app: FastAPI, client: httpx.AsyncClient) -> None:
    events = [
        project_registered(owner_unit=CITY_INVEST),
        project_registered(owner_unit=RAIL_GROUP, district="城北区"),
        project_registered(owner_unit=CITY_INVEST),
    ]
    await project(app, *events)

    r = await client.get("/v1/housing/projects", headers=STAFF, params={"limit": 2})
    assert r.status_code == 200
    first = r.json()
    assert [p["id"] for p in first["items"]] == [events[0].subject, events[1].subject]
    r = await client.get("/v1/housing/projects", headers=STAFF, params={"limit": 2, "cursor": first["next_cursor"]})
    assert [p["id"] for p in r.json()["items"]] == [events[2].subject]
    assert r.json()["next_cursor"] is None

    r = await client.get("/v1/housing/projects", headers=STAFF, params={"district": "城北区"})
    assert [p["id"] for p in r.json()["items"]] == [events[1].subject]


async def test_an_owner_unit_sees_only_its_own_projects(app: FastAPI, client: httpx.AsyncClient) -> None:
    mine, theirs = project_registered(owner_unit=CITY_INVEST), project_registered(owner_unit=RAIL_GROUP)
    await project(app, mine, theirs)
    owner = bearer("u-1", "owner_unit", org=CITY_INVEST)

    r = await client.get("/v1/housing/projects", headers=owner)
    assert [p["id"] for p in r.json()["items"]] == [mine.subject]
    r = await client.get("/v1/housing/projects", headers=owner, params={"owner_unit": RAIL_GROUP})
    assert r.json() == {"items": [], "next_cursor": None}

    assert (await client.get(f"/v1/housing/projects/{mine.subject}", headers=owner)).status_code == 200
    r = await client.get(f"/v1/housing/projects/{theirs.subject}", headers=owner)
    assert r.status_code == 404  # another unit's project looks absent, not forbidden
    assert r.json()["type"] == "/problems/not-found"


async def test_a_project_shows_its_required_deposit_and_housing_budget(app: FastAPI, client: httpx.AsyncClient) -> None:
    reg = project_registered(owner_unit=CITY_INVEST)
    items = [
        BudgetItem(category=BudgetCategory.COMPENSATION, amount=Money.parse("42065358.00")),
        BudgetItem(category=BudgetCategory.RESETTLEMENT_HOUSING, amount=Money.parse("12000000.00")),
    ]
    budget = BudgetApproved(
        project_id=reg.subject,
        owner_unit=CITY_INVEST,
        land_type=LandType.STATE_OWNED,
        required_deposit=Money.parse("54065358.00"),
        items=items,
    )
    await project(app, reg, new_event(budget, source="/project-svc", actor="leader-01"))

    r = await client.get(f"/v1/housing/projects/{reg.subject}", headers=STAFF)
    assert r.status_code == 200
    body = r.json()
    assert body["required_deposit"] == "54065358.00"
    assert body["resettlement_housing_budget"] == "12000000.00"
    assert body["owner_unit"] == CITY_INVEST
    assert body["land_type"] == "state_owned"


async def test_an_unknown_project_is_a_not_found_problem(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/v1/housing/projects/{uuid.uuid4()}", headers=STAFF)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


async def test_the_openapi_document_names_every_operation(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operations = {op["operationId"]: op for path in spec["paths"].values() for op in path.values()}
    assert {"listHousingProjects", "getHousingProject"} <= operations.keys()
    for name in ("listHousingProjects", "getHousingProject"):
        assert "403" in operations[name]["responses"], f"{name} declares the role refusal"
