"""Logging set-up: JSON lines for the service and uvicorn's errors; no access lines.

uvicorn decides whether to write access lines once, from ``uvicorn.access``'s handlers
(``hasHandlers()``): when that logger propagated to the root handler, every request wrote a
line even under ``--no-access-log`` (found in a profile of deposits: 4.5 % of fund-svc's CPU).
Requests are counted in the metrics and carry a trace id instead."""

from __future__ import annotations

import logging

from expro_shared.logs import configure_logging


def test_uvicorn_access_lines_stay_off_and_its_errors_reach_the_json_handler() -> None:
    configure_logging("test-svc")
    assert not logging.getLogger("uvicorn.access").hasHandlers()
    assert logging.getLogger("uvicorn.error").hasHandlers()
    assert logging.getLogger("expro_shared").hasHandlers()
