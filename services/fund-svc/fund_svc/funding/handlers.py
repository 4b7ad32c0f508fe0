"""Handlers of funding: fund-svc's step of the issuance saga (DESIGN §5), inside the
consumer's unit of work (ledger change + decision + answer, one transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.envelope import CloudEvent
from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.project import TaskOrderIssuanceRequested
from expro_shared.vocabulary import Money
from fund_svc.funding.domain import decide_funding
from fund_svc.funding.tables import FundingDecisionRow
from fund_svc.ledger.domain import Ledger

if TYPE_CHECKING:
    from fund_svc.uow import FundUnitOfWork


async def on_issuance_requested(event: CloudEvent, data: TaskOrderIssuanceRequested, uow: FundUnitOfWork) -> None:
    """§5 step 2: decide on our own committed deposits, once per saga; a confirmation
    commits the required deposit, so no refund may undercut it afterwards."""
    saga_id = data.saga_id or event.correlationid or event.id
    ledger = await uow.accounts.lock_ledger(data.project_id)  # first: concurrent twins queue here
    if await uow.funding_decisions.get(saga_id) is not None:
        return
    decision, after = decide_funding(ledger or Ledger(), data.required_deposit.fen)
    now = utcnow()
    if ledger is not None:
        await uow.accounts.save_ledger(data.project_id, after, now)
    uow.funding_decisions.add(
        FundingDecisionRow(
            saga_id=saga_id,
            task_order_id=data.task_order_id,
            project_id=data.project_id,
            confirmed=decision.confirmed,
            required_fen=decision.required,
            deposited_fen=decision.deposited,
            decided_at=now,
        )
    )
    answer: FundingConfirmed | FundingShortfall
    if decision.confirmed:
        answer = FundingConfirmed(
            project_id=data.project_id,
            task_order_id=data.task_order_id,
            required=Money(decision.required),
            deposited=Money(decision.deposited),
            saga_id=saga_id,
        )
    else:
        answer = FundingShortfall(
            project_id=data.project_id,
            task_order_id=data.task_order_id,
            required=Money(decision.required),
            deposited=Money(decision.deposited),
            shortfall=Money(decision.shortfall),
            saga_id=saga_id,
        )
    uow.emit(answer, causation=event, correlationid=saga_id)
