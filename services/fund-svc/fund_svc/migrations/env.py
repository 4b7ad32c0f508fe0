import fund_svc.uow  # noqa: F401  (loads every table of the service)
from expro_shared.migrations import run_env
from expro_shared.tables import PLUMBING_METADATA
from fund_svc.tables import FundTable

run_env([FundTable.metadata, PLUMBING_METADATA], "FUND_SVC_DATABASE_URL")
