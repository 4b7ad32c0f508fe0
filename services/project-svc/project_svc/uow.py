"""project-svc's unit of work: one transaction, with every repository of the service
hanging off it (handlers reach data only through ``uow.<repository>``)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from expro_shared.db import UnitOfWork
from project_svc.agreements.repository import (
    AgreementRepository,
    CompensationDecisionRepository,
    LandAgreementRepository,
)
from project_svc.budgets.repository import BudgetItemRepository
from project_svc.enforcement.repository import JudicialProcedureRepository
from project_svc.households.repository import HouseholdRepository
from project_svc.plans.repository import CompensationPlanRepository, HearingRepository, PlanCommentRepository
from project_svc.preparation.repository import (
    ExpropriationDecisionRepository,
    PreAnnouncementRepository,
    RiskAssessmentRepository,
)
from project_svc.projects.repository import ProjectRepository
from project_svc.site.repository import ClearanceRepository, DemolitionRepository, SettlementRepository
from project_svc.task_orders.repository import TaskOrderRepository
from project_svc.valuation.repository import AgencySelectionRepository, ValuationReportRepository


class ProjectUnitOfWork(UnitOfWork):
    projects: ProjectRepository
    budget_items: BudgetItemRepository
    task_orders: TaskOrderRepository
    # DESIGN §7.1, the lifecycle
    risk_assessments: RiskAssessmentRepository
    pre_announcements: PreAnnouncementRepository
    expropriation_decisions: ExpropriationDecisionRepository
    compensation_plans: CompensationPlanRepository
    plan_comments: PlanCommentRepository
    hearings: HearingRepository
    households: HouseholdRepository
    valuation_agency_selections: AgencySelectionRepository
    valuation_reports: ValuationReportRepository
    agreements: AgreementRepository
    compensation_decisions: CompensationDecisionRepository
    land_agreements: LandAgreementRepository
    judicial_procedures: JudicialProcedureRepository
    demolitions: DemolitionRepository
    clearances: ClearanceRepository
    settlements: SettlementRepository

    def bind(self, session: AsyncSession) -> None:
        self.projects = ProjectRepository(session)
        self.budget_items = BudgetItemRepository(session)
        self.task_orders = TaskOrderRepository(session)
        self.risk_assessments = RiskAssessmentRepository(session)
        self.pre_announcements = PreAnnouncementRepository(session)
        self.expropriation_decisions = ExpropriationDecisionRepository(session)
        self.compensation_plans = CompensationPlanRepository(session)
        self.plan_comments = PlanCommentRepository(session)
        self.hearings = HearingRepository(session)
        self.households = HouseholdRepository(session)
        self.valuation_agency_selections = AgencySelectionRepository(session)
        self.valuation_reports = ValuationReportRepository(session)
        self.agreements = AgreementRepository(session)
        self.compensation_decisions = CompensationDecisionRepository(session)
        self.land_agreements = LandAgreementRepository(session)
        self.judicial_procedures = JudicialProcedureRepository(session)
        self.demolitions = DemolitionRepository(session)
        self.clearances = ClearanceRepository(session)
        self.settlements = SettlementRepository(session)
