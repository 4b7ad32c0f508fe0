"""Which consumers may let the broker hold an empty fetch longer: those no request waits on
(the audit trail, housing's projection); the saga's hops keep the configured short wait."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_svc.bootstrap import wire as audit_wire
from audit_svc.config import AuditSettings
from audit_svc.uow import AuditUnitOfWork
from expro_shared.db import Database
from expro_shared.runtime import PATIENT_FETCH_WAIT_MS
from fund_svc.bootstrap import wire as fund_wire
from fund_svc.config import FundSettings
from fund_svc.uow import FundUnitOfWork
from housing_svc.bootstrap import wire as housing_wire
from housing_svc.config import HousingSettings
from housing_svc.uow import HousingUnitOfWork
from project_svc.bootstrap import wire as project_wire
from project_svc.config import ProjectSettings
from project_svc.uow import ProjectUnitOfWork
from tests.support import wired_consumers


@pytest.mark.parametrize("configured", [100, 2000])
def test_only_consumers_no_request_waits_on_are_patient(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, configured: int
) -> None:
    monkeypatch.setenv("EXPRO_CONSUMER_FETCH_MAX_WAIT_MS", str(configured))
    waits: dict[str, int] = {}
    for settings_class, wire, uow in (
        (ProjectSettings, project_wire, ProjectUnitOfWork),
        (FundSettings, fund_wire, FundUnitOfWork),
        (HousingSettings, housing_wire, HousingUnitOfWork),
        (AuditSettings, audit_wire, AuditUnitOfWork),
    ):
        url = f"sqlite+aiosqlite:///{tmp_path / settings_class.service_name}.db"
        consumers = wired_consumers(settings_class(database_url=url), Database(url), wire, uow)
        waits |= {name: c.membership.fetch_max_wait_ms for name, c in consumers.items()}
    patient = max(configured, PATIENT_FETCH_WAIT_MS)
    assert waits == {
        "project-svc.funding-answers": configured,  # the saga's answer
        "fund-svc.project-events": configured,  # the saga's request
        "fund-svc.housing-events": patient,
        "housing-svc.projects": patient,
        "audit-svc.trail": patient,
    }
