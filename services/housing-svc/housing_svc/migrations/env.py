import housing_svc.uow  # noqa: F401  (loads every table of the service)
from expro_shared.migrations import run_env
from expro_shared.tables import PLUMBING_METADATA
from housing_svc.tables import HousingTable

run_env([HousingTable.metadata, PLUMBING_METADATA], "HOUSING_SVC_DATABASE_URL")
