from expro_shared.migrations import run_env
from housing_svc.adapters import tables

run_env(tables.METADATA, "HOUSING_SVC_DATABASE_URL")
