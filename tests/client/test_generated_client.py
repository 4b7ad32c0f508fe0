"""A department's view: Python clients generated from the committed OpenAPI documents drive
the core flow and its refusals against the running services, and every answer parses into
the model its document declares for that status — nothing undeclared, nothing left over."""

from __future__ import annotations

import datetime as dt
import importlib
import time
from types import ModuleType
from typing import Any

import httpx
import pytest

from deploy.embedded import Stack
from tests.e2e.conftest import Watcher
from tests.support import bearer

pytestmark = pytest.mark.e2e

CST = dt.timezone(dt.timedelta(hours=8))
OWNER = "城投公司"


def token(sub: str, *roles: str, org: str | None = None) -> str:
    return bearer(sub, *roles, org=org)["Authorization"].removeprefix("Bearer ")


def client(pkg: ModuleType, stack: Stack, service: str, tok: str) -> Any:
    """The generated client of ``service``; an undeclared status raises instead of parsing."""
    return pkg.AuthenticatedClient(
        base_url=stack.services[service].url, token=tok, raise_on_unexpected_status=True, timeout=httpx.Timeout(60)
    )


def op(pkg: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{pkg.__name__}.api.{name}")


def expect(response: Any, status: int, model: type | tuple[type, ...]) -> Any:
    """The answer has ``status`` and parsed into ``model`` with every field declared."""
    assert response.status_code == status, response.content
    parsed = response.parsed
    assert isinstance(parsed, model), (type(parsed).__name__, response.content)
    assert parsed.additional_properties == {}, f"undeclared fields: {parsed.additional_properties}"
    return parsed


class Flow:
    """The generated operations a department calls, bound to tokens."""

    def __init__(self, generated: dict[str, ModuleType], stack: Stack) -> None:
        self.P = generated["project-svc"]
        self.F = generated["fund-svc"]
        self.stack = stack
        self.lead = client(self.P, stack, "project-svc", token("leader-1", "center_leader"))
        self.finance = client(self.F, stack, "fund-svc", token("finance-1", "finance"))

    def project_client(self, tok: str) -> Any:
        return client(self.P, self.stack, "project-svc", tok)

    def fund_client(self, tok: str) -> Any:
        return client(self.F, self.stack, "fund-svc", tok)

    def project_body(self, code: str) -> Any:
        m = self.P.models
        return m.ProjectCreate(
            code=code,
            name="城南片区旧城改造项目",
            land_type=m.LandType.STATE_OWNED,
            district="城南区",
            owner_unit=OWNER,
            planned_households=61,
            planned_area_m2="13716.00",
        )

    def deposit_body(self, amount: str, ref: str) -> Any:
        return self.F.models.DepositCreate(
            amount=amount, bank_reference=ref, payer=OWNER, received_at=dt.datetime(2022, 3, 15, 10, 30, tzinfo=CST)
        )

    async def project(self, events: Watcher, *, budget: str | None = "1000.00") -> str:
        m = self.P.models
        r = await op(self.P, "projects.create_project").asyncio_detailed(
            client=self.lead, body=self.project_body(f"ZS-GEN-{time.monotonic_ns()}")
        )
        pid = str(expect(r, 201, m.ProjectPublic).id)
        if budget is not None:
            items = [m.BudgetItemIn(category=m.BudgetCategory.COMPENSATION, amount=budget)]
            r = await op(self.P, "projects.approve_budget").asyncio_detailed(
                pid, client=self.lead, body=m.BudgetUpdate(items=items)
            )
            expect(r, 200, m.BudgetPublic)
        await events.wait_for("expro.fund.account_opened.v1", project_id=pid)
        return pid

    async def task_order(self, pid: str) -> str:
        body = self.P.models.TaskOrderCreate(title="房屋征收任务交办书", scope="61户", due_date=dt.date(2023, 6, 30))
        r = await op(self.P, "task_orders.create_task_order").asyncio_detailed(pid, client=self.lead, body=body)
        return str(expect(r, 201, self.P.models.TaskOrderPublic).id)

    async def issue(self, toid: str, who: Any = None) -> Any:
        return await op(self.P, "task_orders.issue_task_order").asyncio_detailed(
            toid, client=who or self.lead, prefer="wait=30"
        )

    async def deposit(self, pid: str, amount: str, ref: str, key: str, who: Any = None) -> Any:
        return await op(self.F, "deposits.record_deposit").asyncio_detailed(
            pid, client=who or self.finance, body=self.deposit_body(amount, ref), idempotency_key=key
        )


@pytest.fixture
def flow(generated: dict[str, ModuleType], stack: Stack) -> Flow:
    return Flow(generated, stack)


async def test_the_core_flow_through_the_generated_clients(flow: Flow, events: Watcher) -> None:
    P, F = flow.P.models, flow.F.models
    pid = await flow.project(events)
    toid = await flow.task_order(pid)

    shortfall = expect(await flow.issue(toid), 409, P.DepositShortfallProblem)
    assert (shortfall.required, shortfall.deposited, shortfall.shortfall) == ("1000.00", "0.00", "1000.00")
    assert shortfall.type_ == "/problems/deposit-shortfall"

    run = time.monotonic_ns()
    first = expect(await flow.deposit(pid, "1000.00", f"ICBC-GEN-{run}", f"dep-{run}"), 201, F.DepositPublic)
    retry = await flow.deposit(pid, "1000.00", f"ICBC-GEN-{run}", f"dep-{run}")
    assert expect(retry, 201, F.DepositPublic).id == first.id, "the same key replays the first deposit"
    assert retry.headers.get("Idempotent-Replayed") == "true"

    issued = expect(await flow.issue(toid), 200, P.TaskOrderPublic)
    assert issued.status == P.TaskOrderStatus.ISSUED
    r = await op(flow.P, "task_orders.get_task_order").asyncio_detailed(toid, client=flow.lead)
    assert expect(r, 200, P.TaskOrderPublic).status == P.TaskOrderStatus.ISSUED

    r = await op(flow.F, "accounts.get_account").asyncio_detailed(pid, client=flow.finance)
    account = expect(r, 200, F.AccountPublic)
    assert (account.required, account.deposited, account.committed, account.fully_funded) == (
        "1000.00",
        "1000.00",
        "1000.00",
        True,
    )


async def test_the_refusals_parse_into_their_declared_problems(flow: Flow, events: Watcher) -> None:
    P, F = flow.P.models, flow.F.models
    get_project = op(flow.P, "projects.get_project")
    pid = await flow.project(events)

    # 401: no valid token
    r = await get_project.asyncio_detailed(pid, client=flow.project_client("not-a-token"))
    assert expect(r, 401, P.Problem).type_ == "/problems/unauthorized"

    # 403: a role that may not do this
    staff = flow.project_client(token("staff-1", "center_staff"))
    toid = await flow.task_order(pid)
    assert expect(await flow.issue(toid, staff), 403, P.Problem).type_ == "/problems/forbidden"
    r = await op(flow.P, "projects.create_project").asyncio_detailed(
        client=flow.project_client(token("finance-1", "finance")), body=flow.project_body(f"ZS-GEN-{time.time_ns()}")
    )
    expect(r, 403, P.Problem)

    # 404: another organisation's project does not exist for an owner unit; its own does
    other = token("other-1", "owner_unit", org="另一家公司")
    own = token("ctgs-1", "owner_unit", org=OWNER)
    assert expect(await get_project.asyncio_detailed(pid, client=flow.project_client(other)), 404, P.Problem)
    expect(await get_project.asyncio_detailed(pid, client=flow.project_client(own)), 200, P.ProjectPublic)
    r = await flow.deposit(pid, "1.00", f"GEN-X-{time.time_ns()}", f"x-{time.time_ns()}", flow.fund_client(other))
    expect(r, 404, F.Problem)

    # 409: a code taken, a bank reference taken, an order that cannot be issued, no budget
    code = f"ZS-GEN-{time.time_ns()}"
    create = op(flow.P, "projects.create_project")
    expect(await create.asyncio_detailed(client=flow.lead, body=flow.project_body(code)), 201, P.ProjectPublic)
    expect(await create.asyncio_detailed(client=flow.lead, body=flow.project_body(code)), 409, P.ProjectCodeTaken)
    run = time.time_ns()
    expect(await flow.deposit(pid, "1000.00", f"BOC-{run}", f"a-{run}"), 201, F.DepositPublic)
    expect(await flow.deposit(pid, "5.00", f"boc-{run}", f"b-{run}"), 409, F.BankReferenceTaken)
    expect(await flow.issue(toid), 200, P.TaskOrderPublic)
    expect(await flow.issue(toid), 409, P.TaskOrderNotIssuable)
    bare = await flow.project(events, budget=None)
    expect(await flow.issue(await flow.task_order(bare)), 409, P.BudgetNotApproved)

    # 422: a malformed amount, a key reused with another body, a cursor that is no position
    expect(await flow.deposit(pid, "1.234", f"ICBC-{run}", f"c-{run}"), 422, F.ValidationProblem)
    # The document declares 422 as ValidationProblem or IdempotencyKeyReused; each pins its
    # `type`, so a generated client parses each answer into the model that names it.
    reused = await flow.deposit(pid, "2.00", f"BOC-{run}", f"a-{run}")
    problem = expect(reused, 422, F.IdempotencyKeyReused)
    assert problem.type_ == "/problems/idempotency-key-reused"
    r = await op(flow.P, "projects.list_projects").asyncio_detailed(client=flow.lead, cursor="not-a-cursor")
    expect(r, 422, P.ValidationProblem)


async def test_pages_follow_their_cursors(flow: Flow, events: Watcher) -> None:
    for _ in range(3):
        await flow.project(events, budget=None)
    list_projects = op(flow.P, "projects.list_projects")
    seen: list[str] = []
    cursor: Any = flow.P.types.UNSET
    for _ in range(3):
        r = await list_projects.asyncio_detailed(client=flow.lead, limit=1, cursor=cursor)
        page = expect(r, 200, flow.P.models.PageProjectPublic)
        assert len(page.items) == 1 and all(i.additional_properties == {} for i in page.items)
        seen.append(page.items[0].id)
        assert isinstance(page.next_cursor, str)
        cursor = page.next_cursor
    assert len(set(seen)) == 3


async def test_an_expropriation_through_the_generated_client(flow: Flow, events: Watcher) -> None:
    """DESIGN §7.1 on the running stack: funding confirmed by fund-svc's real answer, then the
    decision, a household's agreement, and the lifecycle's refusals parsed into their models."""
    P = flow.P.models
    staff = flow.project_client(token("staff-1", "center_staff"))
    pid = await flow.project(events)
    run = time.time_ns()
    expect(await flow.deposit(pid, "1000.00", f"ICBC-LC-{run}", f"lc-{run}"), 201, flow.F.models.DepositPublic)
    expect(await flow.issue(await flow.task_order(pid)), 200, P.TaskOrderPublic)

    body = P.HouseholdCreate(
        head_name="张三",
        id_number="110101198001010011",
        address="城南区解放路12号",
        members=4,
        registered_area_m2="86.50",
        unregistered=[P.UnregisteredIn(area_m2="12.00", classification=P.BuildingClassification.LEGAL)],
    )
    r = await op(flow.P, "households.register_household").asyncio_detailed(pid, client=staff, body=body)
    household = expect(r, 201, P.HouseholdPublic)
    agreement = P.AgreementCreate(
        household_id=household.id,
        kind=P.AgreementKind.PROPERTY_EXCHANGE,
        area_m2="86.50",
        items=[P.CompensationItemIn(item=P.CompensationItemKind.HOUSE_VALUE, amount="1280000.00")],
        signed_on=dt.date(2023, 4, 10),
        payment_due_on=dt.date(2023, 5, 10),
        move_out_deadline=dt.date(2023, 6, 30),
        entitled_area_m2="90.00",
        promised_delivery_on=dt.date(2030, 12, 31),
    )
    sign = op(flow.P, "compensation.sign_agreement")
    missing = expect(await sign.asyncio_detailed(pid, client=staff, body=agreement), 409, P.StepMissingProblem)
    assert (missing.type_, missing.missing) == ("/problems/step-missing", "expropriation_decision")

    r = await op(flow.P, "preparation.record_risk_assessment").asyncio_detailed(
        pid,
        client=staff,
        body=P.RiskAssessmentCreate(level=P.RiskLevel.LOW, assessed_on=dt.date(2023, 1, 5), summary="风险低"),
    )
    expect(r, 201, P.RiskAssessmentPublic)
    decision = P.DecisionCreate(
        document_no="城南征字〔2023〕1号", decided_on=dt.date(2023, 3, 1), announced_on=dt.date(2023, 3, 1)
    )
    decide = op(flow.P, "preparation.record_expropriation_decision")
    missing = expect(await decide.asyncio_detailed(pid, client=flow.lead, body=decision), 409, P.StepMissingProblem)
    assert missing.missing == "plan_approval"

    plan_body = P.PlanCreate(
        title="补偿方案", summary="方案", standards=[P.StandardIn(item="house_value", rule="按评估价")]
    )
    r = await op(flow.P, "plans.draft_compensation_plan").asyncio_detailed(pid, client=staff, body=plan_body)
    plan = expect(r, 201, P.PlanPublic)
    publish = op(flow.P, "plans.publish_compensation_plan")
    short = P.PlanPublish(comment_from=dt.date(2023, 1, 1), comment_until=dt.date(2023, 1, 20))
    too_short = expect(await publish.asyncio_detailed(plan.id, client=staff, body=short), 409, P.CommentPeriodTooShort)
    assert too_short.days == 20
    period = P.PlanPublish(comment_from=dt.date(2023, 1, 1), comment_until=dt.date(2023, 1, 30))
    expect(await publish.asyncio_detailed(plan.id, client=staff, body=period), 200, P.PlanPublic)
    r = await op(flow.P, "plans.approve_compensation_plan").asyncio_detailed(
        plan.id, client=flow.lead, body=P.PlanApprove(approved_on=dt.date(2023, 2, 10), changes="")
    )
    assert expect(r, 200, P.PlanPublic).status == P.PlanStatus.APPROVED

    expect(await decide.asyncio_detailed(pid, client=flow.lead, body=decision), 201, P.DecisionPublic)
    signed = expect(await sign.asyncio_detailed(pid, client=staff, body=agreement), 201, P.AgreementPublic)
    assert signed.total == "1280000.00"
    expect(await sign.asyncio_detailed(pid, client=staff, body=agreement), 409, P.AgreementExists)
    event = await events.wait_for("expro.project.agreement_signed.v1", project_id=pid)
    assert event.data["agreement_id"] == signed.id and event.data["entitled_area_m2"] == "90.00"
    assert event.data["members"] == 4
