from audit_svc.adapters import tables
from expro_shared.migrations import run_env

run_env(tables.SQLModel.metadata, "AUDIT_SVC_DATABASE_URL")
