"""Schemathesis with every check against each service's published OpenAPI, on the running
stack, with a token holding every role and without one: no 5xx, no schema violation, no
undeclared status. `make test` runs a few examples per operation (fixed seed);
`make reliability` many (EXPRO_FUZZ_EXAMPLES, a fresh seed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.embedded import Stack
from tests.support import bearer

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]
ROOT = Path(__file__).resolve().parents[2]
EVERY_ROLE = ("center_staff", "center_leader", "finance", "owner_unit", "district", "housing_admin", "auditor")


@pytest.mark.parametrize("with_token", [True, False], ids=["every role", "no token"])
@pytest.mark.parametrize("service", ["project-svc", "fund-svc", "housing-svc", "audit-svc"])
def test_the_published_openapi_holds_under_fuzzing(stack: Stack, service: str, with_token: bool) -> None:
    token = bearer("fuzzer", *EVERY_ROLE, org="城投公司")["Authorization"].split(" ", 1)[1] if with_token else ""
    examples = os.environ.get("EXPRO_FUZZ_EXAMPLES", "8")
    seed = os.environ.get("EXPRO_FUZZ_SEED", "20221231")
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(ROOT / "tests" / "fuzz" / "schemathesis.toml"),
            "run",
            f"{stack.services[service].url}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            examples,
            "--seed",
            seed,
            "--no-color",
        ],
        env=os.environ | {"EXPRO_FUZZ_TOKEN": token, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    generated = re.search(r"(\d+) generated", done.stdout)
    print(f"\nfuzz {service} ({'every role' if with_token else 'no token'}): {generated and generated.group(0)} cases")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert generated and int(generated.group(1)) > 0
