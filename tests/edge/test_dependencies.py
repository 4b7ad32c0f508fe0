"""Every dependency of every route is a coroutine function: FastAPI runs a plain ``def``
dependency in the thread pool, a thread hop per request (the profile of deposits found one)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from fastapi.routing import APIRoute

from audit_svc.bootstrap import create_app as audit_app
from fund_svc.bootstrap import create_app as fund_app
from housing_svc.bootstrap import create_app as housing_app
from project_svc.bootstrap import create_app as project_app


def api_routes(routes: list[Any]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            found.extend(api_routes(included.routes))
        elif isinstance(route, APIRoute):
            found.append(route)
    return found


def calls(dependant: Any) -> list[Any]:
    found = []
    for sub in dependant.dependencies:
        found.append(sub.call)
        found.extend(calls(sub))
    return found


@pytest.mark.parametrize("create_app", [project_app, fund_app, housing_app, audit_app])
def test_no_route_depends_on_a_plain_function(create_app: Any) -> None:
    app = create_app(kafka=False)
    routes = api_routes(app.router.routes)
    assert routes
    for route in routes:
        assert inspect.iscoroutinefunction(route.endpoint), route.path
        for call in calls(route.dependant):
            # a function, or an instance whose __call__ is (FastAPI's security schemes)
            is_async = inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(type(call).__call__)
            assert is_async, f"{route.path}: {call!r} runs in the thread pool"
