import project_svc.uow  # noqa: F401  (loads every table of the service)
from expro_shared.migrations import run_env
from expro_shared.tables import PLUMBING_METADATA
from project_svc.tables import ProjectTable

run_env([ProjectTable.metadata, PLUMBING_METADATA], "PROJECT_SVC_DATABASE_URL")
