"""Generated clients: one Python client per committed OpenAPI document (docs/openapi/),
rendered once per session by openapi-python-client (pinned in requirements.txt) into a
temporary folder, offline; and the end-to-end stack they run against."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from deploy.embedded import SERVICES
from tests.e2e.conftest import api, events, finance, lead, stack  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_VERSION = "0.29.1"


def package_name(service: str) -> str:
    return f"expro_{service.removesuffix('-svc')}_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """The four generated client packages, imported, by service name."""
    assert importlib.metadata.version("openapi-python-client") == GENERATOR_VERSION, "pinned in requirements.txt"
    out = tmp_path_factory.mktemp("clients")
    config = out / "config.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")  # no formatter run: nothing outside is needed
    generator = Path(sys.executable).parent / "openapi-python-client"
    for spec in SERVICES:
        result = subprocess.run(
            [
                str(generator),
                "generate",
                "--path",
                str(ROOT / "docs" / "openapi" / f"{spec.name}.json"),
                "--meta",
                "none",
                "--config",
                str(config),
                "--output-path",
                str(out / package_name(spec.name)),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Unable to" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        packages = {}
        for spec in SERVICES:
            name = package_name(spec.name)
            for part in ("models", "types", "client"):  # loaded, so pkg.models etc. resolve
                importlib.import_module(f"{name}.{part}")
            packages[spec.name] = importlib.import_module(name)
        yield packages
    finally:
        sys.path.remove(str(out))
        for name in list(sys.modules):
            if name.startswith(tuple(package_name(s.name) for s in SERVICES)):
                del sys.modules[name]
