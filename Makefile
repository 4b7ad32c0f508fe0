# Expropriation & Resettlement platform — the two commands are `make run` and `make test`.
SHELL := /bin/bash
# The first interpreter that really runs and is 3.11+ (pyenv shims exist even when they cannot run).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PACKAGES := shared services/project-svc services/fund-svc services/housing-svc services/audit-svc
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: venv run test test-unit test-integration test-e2e test-postgres reliability lint token bench asyncapi openapi contracts docs clean

$(STAMP): requirements.txt constraints.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required (python3.11, python3.12, python3.13 or python3)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	@$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation $(addprefix -e ,$(PACKAGES))
	@touch $(STAMP)

venv: $(STAMP)

## make run: broker + four services on the embedded default (Ctrl-C stops everything)
run: $(STAMP)
	@$(PY) deploy/run.py

## make test: install what is needed, then the whole suite (unit, integration, end-to-end)
test: $(STAMP)
	$(PY) -m pytest -q -m "not benchmark"

test-unit: $(STAMP)
	$(PY) -m pytest -q -m "not db and not e2e and not benchmark"

test-integration: $(STAMP)
	$(PY) -m pytest -q -m db

test-e2e: $(STAMP)
	$(PY) -m pytest -q -m e2e

## make test-postgres: the database-backed tests again, on PostgreSQL
test-postgres: $(STAMP)
	EXPRO_TEST_POSTGRES_URL=$(PG_URL) $(PY) -m pytest -q -m "db or e2e"

## make lint: ruff (lint + format), import-linter (the architecture contracts in .importlinter), mypy strict
## make reliability: the crash/broker/replay suite large (1000 operations), fuzzing with many
## examples, and every race, limit and authorization test — on SQLite, then on PostgreSQL
RELIABILITY := EXPRO_RELIABILITY_OPS=$${EXPRO_RELIABILITY_OPS:-1000} EXPRO_FUZZ_EXAMPLES=$${EXPRO_FUZZ_EXAMPLES:-60} \
	EXPRO_FUZZ_SEED=$${EXPRO_FUZZ_SEED:-$$RANDOM}
reliability: $(STAMP)
	$(RELIABILITY) $(PY) -m pytest -q -s -m "reliability or db"
	$(RELIABILITY) EXPRO_TEST_POSTGRES_URL=$(PG_URL) $(PY) -m pytest -q -s -m "reliability or db"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy shared/expro_shared services/project-svc/project_svc services/fund-svc/fund_svc \
		services/housing-svc/housing_svc services/audit-svc/audit_svc

## make -s token SUB=<id> ROLES=<r1,r2> [ORG=<org>]: a bearer token for the local services
token: $(STAMP)
	@$(PY) -m expro_shared.auth --sub "$(SUB)" --roles "$(ROLES)" $(if $(ORG),--org "$(ORG)")

## make bench: every key figure beside its floor, measured in the same run (table + var/bench/*.json);
## BENCH_POSTGRES_URL=postgresql://… runs it on PostgreSQL. Not part of make test (a smoke run is).
bench: $(STAMP)
	$(PY) -m bench.run

## make contracts: regenerate the published AsyncAPI and OpenAPI documents under docs/ (`make docs` is an alias)
contracts: asyncapi openapi
docs: contracts
asyncapi: $(STAMP)
	$(PY) -m expro_shared.asyncapi > docs/asyncapi.json
openapi: $(STAMP)
	$(PY) -m deploy.openapi docs/openapi

clean:
	rm -rf var $(VENV)
