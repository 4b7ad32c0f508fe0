"""The Helm chart (deploy/helm/expro/), checked without a cluster: `helm lint` and the
template rendering of the real Helm (its Go SDK, through helm-python-sdk), the rendered
objects validated against the Kubernetes schemas (kubernetes-validate), and what the chart
promises checked object by object: probes, resources, replicas, the migrate hook, budgets,
configuration and secrets, the ServiceMonitor behind its flag."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from deploy.embedded import SERVICES

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "expro"
VALUES = yaml.safe_load((Path(__file__).parent / "helm-values.yaml").read_text(encoding="utf-8"))
KUBERNETES = "1.30.0"
RELEASE = "expro"
NAMES = [s.name for s in SERVICES]
HOOK = "helm.sh/hook"


def merged(*overrides: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(VALUES)
    for override in overrides:
        _merge(out, override)
    return out


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@pytest.fixture(scope="module")
def chart() -> Iterator[helm.Chart]:
    with helm.Chart.load(str(CHART)) as loaded:
        yield loaded


def render(chart: helm.Chart, values: dict[str, Any]) -> list[dict[str, Any]]:
    """`helm template`: every rendered object (NOTES.txt aside)."""
    files = chart.render(values, name=RELEASE, namespace="expro", is_install=True)
    return [
        doc for path, text in sorted(files.items()) if path.endswith(".yaml") for doc in yaml.safe_load_all(text) if doc
    ]


def kind(objects: list[dict[str, Any]], k: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == k}


@pytest.fixture(scope="module")
def objects(chart: helm.Chart) -> list[dict[str, Any]]:
    return render(chart, VALUES)


def test_helm_lint_finds_nothing_to_fix() -> None:
    report = helm.lint(str(CHART), VALUES, strict=True, kube_version=f"v{KUBERNETES}")
    assert report["errors"] == []
    serious = [m for m in report["messages"] if m["severity"] >= 2]
    assert serious == [], serious


def test_every_object_matches_its_kubernetes_schema(chart: helm.Chart) -> None:
    everything = render(chart, merged({"metrics": {"serviceMonitor": {"enabled": True}}}))
    for obj in everything:
        if obj["apiVersion"].startswith("monitoring.coreos.com/"):
            continue  # a custom resource: checked below
        kubernetes_validate.validate(obj, KUBERNETES, strict=True)
    kinds = sorted({o["kind"] for o in everything})
    assert kinds == ["ConfigMap", "Deployment", "Job", "PodDisruptionBudget", "Secret", "Service", "ServiceMonitor"]


def test_a_schema_violation_is_caught(objects: list[dict[str, Any]]) -> None:
    deployment = copy.deepcopy(next(iter(kind(objects, "Deployment").values())))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/readyz"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_a_deployment_per_service_with_probes_resources_and_replicas(objects: list[dict[str, Any]]) -> None:
    deployments = kind(objects, "Deployment")
    assert set(deployments) == {f"{RELEASE}-{n}" for n in NAMES}
    for spec in SERVICES:
        d = deployments[f"{RELEASE}-{spec.name}"]
        pod = d["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        assert d["spec"]["replicas"] == (2 if spec.name == "fund-svc" else 1)
        assert c["image"] == f"internal/expro/{spec.name}:1.2.3"
        assert c["args"] == ["serve"]
        port = {p["name"]: p["containerPort"] for p in c["ports"]}["http"]
        assert port == 8000
        assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert c["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]
        assert c["resources"]["limits"]["memory"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert all(labels.get(k) == v for k, v in d["spec"]["selector"]["matchLabels"].items())
        assert d["spec"]["template"]["metadata"]["annotations"]["checksum/secret"]


def test_each_service_reads_its_settings_and_only_its_own_database(objects: list[dict[str, Any]]) -> None:
    (config,) = kind(objects, "ConfigMap").values()
    assert config["data"]["EXPRO_ENV"] == "production"
    assert config["data"]["KAFKA_BOOTSTRAP_SERVERS"] == VALUES["kafka"]["bootstrapServers"]
    secret = kind(objects, "Secret")[RELEASE]
    for spec in SERVICES:
        d = kind(objects, "Deployment")[f"{RELEASE}-{spec.name}"]
        (c,) = d["spec"]["template"]["spec"]["containers"]
        assert c["envFrom"] == [{"configMapRef": {"name": config["metadata"]["name"]}}]
        from_secret = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in c["env"] if "valueFrom" in e}
        urls = [n for n in from_secret if n.endswith("_DATABASE_URL")]
        assert urls == [f"{spec.env_prefix}DATABASE_URL"], "its own database, no other"
        ref = from_secret[urls[0]]
        assert ref["name"] == RELEASE and ref["key"] in secret["stringData"]
        short = spec.name.removesuffix("-svc")
        assert secret["stringData"][ref["key"]] == f"postgresql://{short}:{short[0]}-secret@pg.example:5433/{short}"
        assert from_secret["EXPRO_JWT_SECRET"]["key"] in secret["stringData"]
    assert "EXPRO_JWT_SECRET" not in config["data"]


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook_job(objects: list[dict[str, Any]]) -> None:
    jobs = kind(objects, "Job")
    assert set(jobs) == {f"{RELEASE}-{n}-migrate" for n in NAMES}
    hook_secrets = {n: s for n, s in kind(objects, "Secret").items() if HOOK in s["metadata"].get("annotations", {})}
    for spec in SERVICES:
        job = jobs[f"{RELEASE}-{spec.name}-migrate"]
        notes = job["metadata"]["annotations"]
        assert set(notes[HOOK].split(",")) == {"pre-install", "pre-upgrade"}
        assert "before-hook-creation" in notes["helm.sh/hook-delete-policy"]
        pod = job["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        assert c["args"] == ["migrate"] and c["image"].endswith(f"/{spec.name}:1.2.3")
        assert pod["restartPolicy"] == "Never"
        (env,) = c["env"]
        assert env["name"] == f"{spec.env_prefix}DATABASE_URL"
        # a pre-install hook runs before the release's own Secret exists: its Secret is a
        # hook too, created before it (a lower weight)
        source = hook_secrets[env["valueFrom"]["secretKeyRef"]["name"]]
        assert set(source["metadata"]["annotations"][HOOK].split(",")) >= {"pre-install", "pre-upgrade"}
        assert int(source["metadata"]["annotations"]["helm.sh/hook-weight"]) < int(notes["helm.sh/hook-weight"])
        assert env["valueFrom"]["secretKeyRef"]["key"] in source["stringData"]
    for d in kind(objects, "Deployment").values():
        assert HOOK not in d["metadata"].get("annotations", {})


def test_budgets_services_select_the_pods(objects: list[dict[str, Any]]) -> None:
    budgets = kind(objects, "PodDisruptionBudget")
    services = kind(objects, "Service")
    for spec in SERVICES:
        name = f"{RELEASE}-{spec.name}"
        pod_labels = kind(objects, "Deployment")[name]["spec"]["template"]["metadata"]["labels"]
        pdb = budgets[name]["spec"]
        assert all(pod_labels.get(k) == v for k, v in pdb["selector"]["matchLabels"].items())
        if spec.name == "fund-svc":
            assert pdb == {"minAvailable": 1, "selector": pdb["selector"]}
        else:
            assert pdb == {"maxUnavailable": 1, "selector": pdb["selector"]}, "one replica: never block a drain"
        svc = services[name]["spec"]
        assert all(pod_labels.get(k) == v for k, v in svc["selector"].items())
        assert svc["ports"][0]["targetPort"] == "http"


def test_the_service_monitor_is_behind_its_flag(chart: helm.Chart, objects: list[dict[str, Any]]) -> None:
    assert kind(objects, "ServiceMonitor") == {}
    monitors = kind(render(chart, merged({"metrics": {"serviceMonitor": {"enabled": True}}})), "ServiceMonitor")
    assert set(monitors) == {f"{RELEASE}-{n}" for n in NAMES}
    for name, m in monitors.items():
        (endpoint,) = m["spec"]["endpoints"]
        assert endpoint["path"] == "/metrics" and endpoint["port"] == "http"
        assert m["spec"]["selector"]["matchLabels"] == kind(objects, "Service")[name]["spec"]["selector"]


def test_an_existing_secret_replaces_the_rendered_ones(chart: helm.Chart) -> None:
    objects = render(chart, merged({"existingSecret": "expro-from-vault", "secrets": {"jwtSecret": ""}}))
    assert kind(objects, "Secret") == {}
    for d in kind(objects, "Deployment").values():
        (c,) = d["spec"]["template"]["spec"]["containers"]
        assert {e["valueFrom"]["secretKeyRef"]["name"] for e in c["env"]} == {"expro-from-vault"}
    for job in kind(objects, "Job").values():
        (c,) = job["spec"]["template"]["spec"]["containers"]
        assert c["env"][0]["valueFrom"]["secretKeyRef"]["name"] == "expro-from-vault"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"secrets": {"jwtSecret": ""}}, "jwtSecret"),
        ({"secrets": {"databasePasswords": {"audit-svc": ""}}}, "databasePasswords.audit-svc"),
        ({"secrets": {"auditCheckpointKey": ""}}, "auditCheckpointKey"),
    ],
)
def test_rendering_refuses_missing_secrets(chart: helm.Chart, override: dict[str, Any], message: str) -> None:
    with pytest.raises(helm.HelmError, match=message):
        render(chart, merged(override))


def test_the_chart_defaults_hold_no_secret() -> None:
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    assert defaults["secrets"]["jwtSecret"] == "" and defaults["secrets"]["jwtPublicKey"] == ""
    assert defaults["secrets"]["auditCheckpointKey"] == ""
    assert set(defaults["secrets"]["databasePasswords"].values()) == {""}
    assert set(defaults["services"]) == set(NAMES)
    assert {n: s["package"] for n, s in defaults["services"].items()} == {s.name: s.package for s in SERVICES}
    assert defaults["environment"] == "production"
