"""fund-svc's unit of work: one transaction, with every repository of the service hanging
off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import UnitOfWork
from fund_svc.deposits.repository import DepositRepository
from fund_svc.disbursements.repository import DisbursementRepository
from fund_svc.funding.repository import FundingDecisionRepository
from fund_svc.ledger.repository import AccountRepository, CategoryRepository
from fund_svc.payables.repository import PayableRepository
from fund_svc.refunds.repository import RefundRepository
from fund_svc.transition_fees.repository import FeePolicyRepository, TransitionRepository


class FundUnitOfWork(UnitOfWork):
    accounts: AccountRepository
    categories: CategoryRepository
    deposits: DepositRepository
    refunds: RefundRepository
    funding_decisions: FundingDecisionRepository
    disbursements: DisbursementRepository
    payables: PayableRepository
    transitions: TransitionRepository
    fee_policies: FeePolicyRepository

    def bind(self, session: AsyncSession) -> None:
        self.accounts = AccountRepository(session)
        self.categories = CategoryRepository(session)
        self.deposits = DepositRepository(session)
        self.refunds = RefundRepository(session)
        self.funding_decisions = FundingDecisionRepository(session)
        self.disbursements = DisbursementRepository(session)
        self.payables = PayableRepository(session)
        self.transitions = TransitionRepository(session)
        self.fee_policies = FeePolicyRepository(session)
