import audit_svc.uow  # noqa: F401  (loads every table of the service)
from audit_svc.tables import AuditTable
from expro_shared.migrations import run_env
from expro_shared.tables import PLUMBING_METADATA

run_env([AuditTable.metadata, PLUMBING_METADATA], "AUDIT_SVC_DATABASE_URL")
