"""The compose stack (deploy/compose/), checked without a container engine: it is a valid
Compose file (the compose-spec parser, after the same ${...} interpolation compose does),
every service starts only after its database and broker are healthy and its migrate job has
finished, Kafka is one KRaft node that never auto-creates topics, every topic the services
use is created with their partition count, and no secret is written in it."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_spec import PyCompose

from deploy.embedded import SERVICES, ServiceSpec
from expro_shared.events import AUDIT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, PROJECT_TOPIC, dlq_topic
from expro_shared.kafka import PARTITIONS
from expro_shared.settings import DEV_JWT_SECRET

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_DIR = ROOT / "deploy" / "compose"
COMPOSE = COMPOSE_DIR / "compose.yaml"
ENV_EXAMPLE = COMPOSE_DIR / ".env.example"
EVENT_TOPICS = (PROJECT_TOPIC, FUND_TOPIC, HOUSING_TOPIC, AUDIT_TOPIC)
DLQ_TOPICS = tuple(dlq_topic(s.name) for s in SERVICES)
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE|_KEY$", re.IGNORECASE)
_VAR = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:\?|:-|\?|-)(?P<arg>[^}]*))?\}")


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation: ``$$`` → ``$``, ``${X}``, ``${X:-default}``, ``${X:?error}``."""

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group("name"), m.group("op"), m.group("arg")
        value = env.get(name)
        if op in (":?", "?") and not value:
            raise KeyError(f"{name}: {arg}")
        if op in (":-", "-") and not value:
            return arg or ""
        return value or ""

    return _VAR.sub(sub, text)


def example_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines())
    return {k.strip(): v.strip() for k, *rest in pairs if not k.startswith("#") and k.strip() for v in rest}


def load(env: dict[str, str] | None = None) -> dict[str, Any]:
    """The compose file as compose sees it with the example env file."""
    return yaml.safe_load(interpolate(COMPOSE.read_text(encoding="utf-8"), example_env() if env is None else env))


def raw() -> dict[str, Any]:
    """The compose file before interpolation (the ``${...}`` as written)."""
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def short(spec: ServiceSpec) -> str:
    return spec.name.removesuffix("-svc")


def _healthy(compose: dict[str, Any], service: str, dependency: str) -> bool:
    dep = compose["services"][service].get("depends_on", {})
    return isinstance(dep, dict) and dep.get(dependency, {}).get("condition") == "service_healthy"


def _completed(compose: dict[str, Any], service: str, dependency: str) -> bool:
    dep = compose["services"][service].get("depends_on", {})
    return isinstance(dep, dict) and dep.get(dependency, {}).get("condition") == "service_completed_successfully"


def problems(compose: dict[str, Any]) -> list[str]:
    """Everything that keeps the services from starting in order, as a list of findings."""
    found: list[str] = []
    services = compose.get("services", {})
    for infra in ("kafka", "postgres"):
        test = services.get(infra, {}).get("healthcheck", {}).get("test")
        if not test or services[infra]["healthcheck"].get("disable"):
            found.append(f"{infra} has no healthcheck, so nothing can wait for it")
    for spec in SERVICES:
        name, job = spec.name, f"{spec.name}-migrate"
        if name not in services or job not in services:
            found.append(f"{name} or {job} is missing")
            continue
        svc, mig = services[name], services[job]
        url_var = f"{spec.env_prefix}DATABASE_URL"
        env = svc.get("environment", {})
        for dependency in ("postgres", "kafka"):
            if not _healthy(compose, name, dependency):
                found.append(f"{name} does not wait for {dependency} to be healthy")
        for dependency in (job, "kafka-topics"):
            if not _completed(compose, name, dependency):
                found.append(f"{name} does not wait for {dependency} to complete")
        if not _healthy(compose, job, "postgres"):
            found.append(f"{job} does not wait for postgres to be healthy")
        if svc.get("build", {}).get("target") != name:
            found.append(f"{name} is not built from its Dockerfile target")
        if mig.get("image") != svc.get("image"):
            found.append(f"{job} does not run {name}'s image")
        if mig.get("command") != ["migrate"]:
            found.append(f"{job} does not run the migrate command")
        if env.get("EXPRO_ENV") != "production":
            found.append(f"{name} does not run with EXPRO_ENV=production")
        if env.get("KAFKA_BOOTSTRAP_SERVERS") != "kafka:9092":
            found.append(f"{name} does not use the compose broker")
        url = env.get(url_var, "")
        if not re.fullmatch(rf"postgresql://{short(spec)}:[^@]+@postgres:5432/{short(spec)}", url):
            found.append(f"{name}: {url_var} is not its own database on postgres ({url!r})")
        if mig.get("environment", {}).get(url_var) != url:
            found.append(f"{job} migrates another database than {name} uses")
        if env.get("EXPRO_JWT_SECRET") in (None, "", DEV_JWT_SECRET):
            found.append(f"{name} has no production JWT secret")
    return found


def test_the_compose_file_is_valid_compose() -> None:
    parsed = PyCompose.from_json(json.dumps(load()))
    assert set(parsed.service_names()) == {
        "kafka",
        "kafka-topics",
        "postgres",
        *(s.name for s in SERVICES),
        *(f"{s.name}-migrate" for s in SERVICES),
    }


def test_services_start_after_a_healthy_database_and_broker_and_their_migration() -> None:
    assert problems(load()) == []


MUTATIONS = {
    "fund-svc starts when kafka has merely started": lambda c: c["services"]["fund-svc"]["depends_on"]["kafka"].update(
        condition="service_started"
    ),
    "project-svc no longer waits for postgres": lambda c: c["services"]["project-svc"]["depends_on"].pop("postgres"),
    "audit-svc no longer waits for its migration": lambda c: c["services"]["audit-svc"]["depends_on"].pop(
        "audit-svc-migrate"
    ),
    "postgres lost its healthcheck": lambda c: c["services"]["postgres"].pop("healthcheck"),
    "kafka's healthcheck is disabled": lambda c: c["services"]["kafka"]["healthcheck"].update(disable=True),
    "housing-svc runs in development": lambda c: c["services"]["housing-svc"]["environment"].update(
        EXPRO_ENV="development"
    ),
    "fund-svc-migrate migrates project's database": lambda c: c["services"]["fund-svc-migrate"]["environment"].update(
        FUND_SVC_DATABASE_URL=c["services"]["project-svc"]["environment"]["PROJECT_SVC_DATABASE_URL"]
    ),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_the_check_catches_a_broken_start_order(mutation: str) -> None:
    compose = copy.deepcopy(load())
    MUTATIONS[mutation](compose)
    assert problems(compose), mutation


def test_kafka_is_one_kraft_node_that_never_auto_creates_topics() -> None:
    kafka = load()["services"]["kafka"]
    assert re.fullmatch(r"apache/kafka:\d+\.\d+\.\d+", kafka["image"]), "the official image, pinned"
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert env["CLUSTER_ID"]
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_DEFAULT_REPLICATION_FACTOR",
        "KAFKA_MIN_INSYNC_REPLICAS",
    ):
        assert env[key] == "1", key
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert any(v.endswith(":" + env["KAFKA_LOG_DIRS"]) for v in kafka["volumes"]), "the log is on a volume"


def test_every_topic_is_created_with_the_services_partitions_and_a_retention() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    job = load()["services"]["kafka-topics"]
    assert _healthy(load(), "kafka-topics", "kafka")
    script = "\n".join(job["command"])
    created = {
        m["topic"]: (int(m["partitions"]), int(m["retention"]))
        for m in re.finditer(
            r"--topic (?P<topic>\S+) --partitions (?P<partitions>\d+) --config retention\.ms=(?P<retention>\d+)", script
        )
    }
    assert set(created) == set(EVENT_TOPICS + DLQ_TOPICS)
    assert {p for p, _ in created.values()} == {PARTITIONS}
    day = 24 * 3600 * 1000
    assert all(created[t][1] >= 30 * day for t in created)
    assert all(created[t][1] >= created[d][1] for t in EVENT_TOPICS for d in DLQ_TOPICS)
    assert "--replication-factor 1" in script
    assert re.search(r"#.*[Rr]etention", text), "the chosen retention is explained in a comment"


def test_postgres_gets_one_database_per_service_from_its_init_script() -> None:
    pg = load()["services"]["postgres"]
    assert re.fullmatch(r"postgres:\d+\.\d+(-\w+)?", pg["image"])
    assert "-h" in pg["healthcheck"]["test"], "checked over TCP: healthy only after the init scripts ran"
    mounts = [v for v in pg["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert len(mounts) == 1
    script = COMPOSE_DIR / mounts[0].split(":")[0]
    text = script.read_text(encoding="utf-8")
    loop = re.search(r"for service in ([a-z ]+); do", text)
    assert loop is not None and loop.group(1).split() == [short(s) for s in SERVICES]
    for spec in SERVICES:
        assert f"{short(spec).upper()}_DB_PASSWORD" in pg["environment"]
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0


def test_no_secret_is_written_in_the_compose_file() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert DEV_JWT_SECRET not in text and "change-me" not in text
    required: set[str] = set()
    for name, service in raw()["services"].items():
        for key, value in (service.get("environment") or {}).items():
            value = str(value)
            if SECRET_NAME.search(key):
                m = re.fullmatch(r"\$\{(\w+):\?[^}]*\}", value)
                assert m and m.group(1) == key, f"{name}: {key} must come from the env file"
                required.add(key)
            for password in re.findall(r"://[^:/@]+:([^@]*)@", value):
                m = re.fullmatch(r"\$\{(\w+):\?[^}]*\}", password)
                assert m, f"{name}: {key} holds a password in plain text"
                required.add(m.group(1))
    # compose refuses to start without each of them, and the example names every one
    example = example_env()
    assert required <= set(example)
    assert all(example[k] == "change-me" for k in required)
    for missing in sorted(required):
        env = {k: v for k, v in example.items() if k != missing}
        with pytest.raises(KeyError, match=missing):
            load(env)


def test_the_real_env_file_is_ignored_and_only_the_example_is_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "deploy/compose/.env"], cwd=ROOT, check=False).returncode
    assert ignored == 0, "deploy/compose/.env must be in .gitignore"
    assert (
        subprocess.run(["git", "check-ignore", "-q", "deploy/compose/.env.example"], cwd=ROOT, check=False).returncode
        == 1
    )
