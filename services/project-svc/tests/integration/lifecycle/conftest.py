"""The lifecycle's tests (DESIGN §7.1) over HTTP on the real database: a ``flow`` that walks a
project through its steps with the center's tokens, each step dated in the past as a
client entering the center's records would."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import select

from expro_shared.events.envelope import new_event
from expro_shared.events.fund import FundingConfirmed
from expro_shared.tables import OutboxRecord
from expro_shared.vocabulary import Money
from project_svc.bootstrap import create_app
from project_svc.task_orders import handlers as task_orders

PROJECT = {
    "code": "ZS-2023-001",
    "name": "城南片区旧城改造项目",
    "land_type": "state_owned",
    "district": "城南区",
    "owner_unit": "城投公司",
    "planned_households": 61,
    "planned_area_m2": "13716.00",
}
HOUSEHOLD = {
    "head_name": "张三",
    "id_number": "110101198001010011",
    "address": "城南区解放路12号",
    "members": 4,
    "registered_area_m2": "86.5",
    "unregistered": [{"area_m2": "12", "classification": "legal"}],
}
ITEMS = [{"item": "house_value", "amount": "1280000.00"}, {"item": "relocation", "amount": "3000.50"}]


@dataclass
class Flow:
    client: Any
    app: Any
    lead: dict[str, str]
    staff: dict[str, str]
    codes: list[int] = field(default_factory=list)

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return await self.client.post(path, json=body, headers=headers or self.staff)

    async def ok(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        r = await self.post(path, body, headers)
        assert r.status_code in (200, 201), (path, r.status_code, r.text)
        return dict(r.json())

    async def project(self, land_type: str = "state_owned", **extra: Any) -> str:
        self.codes.append(len(self.codes))
        body = PROJECT | {"code": f"ZS-{len(self.codes)}", "land_type": land_type} | extra
        return str((await self.ok("/v1/projects", body, self.lead))["id"])

    async def issued_task_order(self, project_id: str) -> str:
        """A task order fund-svc confirmed: issued through the saga's real answer event."""
        r = await self.client.put(
            f"/v1/projects/{project_id}/budget",
            json={"items": [{"category": "compensation", "amount": "1000000.00"}]},
            headers=self.lead,
        )
        assert r.status_code == 200, r.text
        order = await self.ok(
            f"/v1/projects/{project_id}/task-orders",
            {"title": "征收任务", "scope": "61户", "due_date": "2023-06-30"},
            self.lead,
        )
        assert (await self.client.post(f"/v1/task-orders/{order['id']}/issue", headers=self.lead)).status_code == 202
        rt = self.app.state.runtime
        async with rt.uow("fund-svc") as uow:
            row = await uow.task_orders.get(order["id"])
            data = FundingConfirmed(
                project_id=project_id,
                task_order_id=order["id"],
                required=Money(100_000_000),
                deposited=Money(100_000_000),
                saga_id=row.saga_id,
            )
            event = new_event(data, source="/fund-svc", actor="fund-svc", correlationid=row.saga_id)
            await task_orders.on_funding_confirmed(event, data, uow)
            await uow.commit()
        got = await self.client.get(f"/v1/task-orders/{order['id']}", headers=self.lead)
        assert got.json()["status"] == "issued"
        return str(order["id"])

    async def risk_assessment(self, project_id: str, assessed_on: str = "2023-01-05") -> dict[str, Any]:
        body = {"level": "low", "assessed_on": assessed_on, "summary": "风险低"}
        return await self.ok(f"/v1/projects/{project_id}/risk-assessments", body)

    async def published_plan(
        self, project_id: str, comment_from: str = "2023-01-01", comment_until: str = "2023-01-30"
    ) -> str:
        plan = await self.ok(
            f"/v1/projects/{project_id}/compensation-plans",
            {"title": "补偿方案", "summary": "方案", "standards": [{"item": "house_value", "rule": "按评估价"}]},
        )
        await self.ok(
            f"/v1/compensation-plans/{plan['id']}/publish",
            {"comment_from": comment_from, "comment_until": comment_until},
        )
        return str(plan["id"])

    async def approved_plan(self, project_id: str, approved_on: str = "2023-02-10") -> str:
        plan_id = await self.published_plan(project_id)
        await self.ok(
            f"/v1/compensation-plans/{plan_id}/approve", {"approved_on": approved_on, "changes": ""}, self.lead
        )
        return plan_id

    async def decided(self, project_id: str, decided_on: str = "2023-03-01") -> dict[str, Any]:
        """A state-owned project up to its expropriation decision."""
        await self.risk_assessment(project_id)
        await self.approved_plan(project_id)
        await self.issued_task_order(project_id)
        body = {"document_no": "城南征字〔2023〕1号", "decided_on": decided_on, "announced_on": decided_on}
        return await self.ok(f"/v1/projects/{project_id}/decision", body, self.lead)

    async def household(self, project_id: str, **extra: Any) -> str:
        return str((await self.ok(f"/v1/projects/{project_id}/households", HOUSEHOLD | extra))["id"])

    def agreement(self, household_id: str, **extra: Any) -> dict[str, Any]:
        return {
            "household_id": household_id,
            "kind": "monetary",
            "area_m2": "86.50",
            "items": ITEMS,
            "signed_on": "2023-04-10",
            "payment_due_on": "2023-05-10",
            "move_out_deadline": "2023-06-30",
        } | extra

    def decision_for(self, household_id: str, **extra: Any) -> dict[str, Any]:
        return {
            "household_id": household_id,
            "area_m2": "86.50",
            "items": ITEMS,
            "decided_on": "2023-07-15",
            "move_out_deadline": "2023-08-15",
        } | extra

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The ``data`` of every outbox row of ``event_type`` (``expro.project.<name>.v1``)."""
        async with self.app.state.runtime.db.sessionmaker() as s:
            rows = (await s.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()  # type: ignore[arg-type]
        return [json.loads(r.payload)["data"] for r in rows if r.event_type == f"expro.project.{event_type}.v1"]

    async def outbox_count(self) -> int:
        async with self.app.state.runtime.db.sessionmaker() as s:
            return len((await s.exec(select(OutboxRecord))).all())


@pytest.fixture
async def flow(service_client, auth) -> Flow:
    client, app = await service_client(create_app, "PROJECT_SVC_")
    return Flow(client, app, auth("lead", "center_leader"), auth("staff", "center_staff"))
