from expro_shared.migrations import run_env
from fund_svc.adapters import tables

run_env(tables.SQLModel.metadata, "FUND_SVC_DATABASE_URL")
