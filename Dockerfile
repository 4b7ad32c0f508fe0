# syntax=docker/dockerfile:1
# The four service images, one target each, built from the repository root:
#
#   docker build --target fund-svc -t expro/fund-svc:0.1.0 .
#
# Every image runs as an unprivileged user with EXPRO_ENV=production and has two commands:
#   serve    (the default) uvicorn on $PORT (8000); HEALTHCHECK asks /healthz
#   migrate  upgrade the service's database to head and exit — the explicit production step
#            (in production the services never migrate on start)
# Dependencies are the runtime section of requirements.txt, pinned by constraints.txt.

ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

# ---- build: a virtualenv with the pinned runtime dependencies and the shared library --------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements.txt constraints.txt ./
COPY deploy/docker/runtime_requirements.py deploy/docker/
RUN python deploy/docker/runtime_requirements.py requirements.txt > runtime-requirements.txt \
    && python deploy/docker/runtime_requirements.py --build-tools requirements.txt > build-requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r build-requirements.txt \
    && /opt/venv/bin/pip install -r runtime-requirements.txt -c constraints.txt
COPY shared/ shared/
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation ./shared

FROM build AS build-project-svc
COPY services/project-svc/ services/project-svc/
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation ./services/project-svc

FROM build AS build-fund-svc
COPY services/fund-svc/ services/fund-svc/
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation ./services/fund-svc

FROM build AS build-housing-svc
COPY services/housing-svc/ services/housing-svc/
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation ./services/housing-svc

FROM build AS build-audit-svc
COPY services/audit-svc/ services/audit-svc/
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation ./services/audit-svc

# ---- runtime: slim base, no compiler, no pip cache, an unprivileged user ---------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 expro \
    && useradd --system --uid 10001 --gid expro --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin expro
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/expro
COPY --chmod=0644 deploy/docker/healthcheck.py /usr/local/lib/expro/healthcheck.py
# MALLOC_*: glibc tuned for a long-running service, two heap arenas and fixed 128 KiB trim
# and mmap thresholds, so memory freed after a load goes back (deploy/embedded.py says why)
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=131072 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    EXPRO_ENV=production \
    PORT=8000
WORKDIR /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "/usr/local/lib/expro/healthcheck.py"]
ENTRYPOINT ["expro"]
CMD ["serve"]

# ---- one target per service -----------------------------------------------------------------
FROM runtime AS project-svc
COPY --from=build-project-svc /opt/venv /opt/venv
ENV EXPRO_SERVICE_PACKAGE=project_svc
LABEL org.opencontainers.image.title="project-svc" \
      org.opencontainers.image.description="项目任务 — projects, budgets, task orders"

FROM runtime AS fund-svc
COPY --from=build-fund-svc /opt/venv /opt/venv
ENV EXPRO_SERVICE_PACKAGE=fund_svc
LABEL org.opencontainers.image.title="fund-svc" \
      org.opencontainers.image.description="资金归集拨付监管 — escrow accounts, deposits, refunds, funding decisions"

FROM runtime AS housing-svc
COPY --from=build-housing-svc /opt/venv /opt/venv
ENV EXPRO_SERVICE_PACKAGE=housing_svc
LABEL org.opencontainers.image.title="housing-svc" \
      org.opencontainers.image.description="安置房源 — resettlement housing"

FROM runtime AS audit-svc
COPY --from=build-audit-svc /opt/venv /opt/venv
ENV EXPRO_SERVICE_PACKAGE=audit_svc
LABEL org.opencontainers.image.title="audit-svc" \
      org.opencontainers.image.description="审计留痕 — hash-chained audit trail"
