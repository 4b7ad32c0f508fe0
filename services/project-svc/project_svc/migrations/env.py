from expro_shared.migrations import run_env
from project_svc.adapters import tables

run_env(tables.SQLModel.metadata, "PROJECT_SVC_DATABASE_URL")
