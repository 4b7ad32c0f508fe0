"""The operator's commands refuse clearly: `make token` with no or unknown roles, and
`make run` when a port it needs is taken (a message naming the port, not a traceback)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("roles", "says"), [("", "ROLES=<role,role> is required"), ("superuser", "unknown role(s) superuser")]
)
def test_token_refuses_no_roles_and_unknown_roles(roles: str, says: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "expro_shared.auth", "--sub", "x", "--roles", roles],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and says in done.stderr and done.stdout == ""
    assert "Traceback" not in done.stderr and "known roles: auditor" in done.stderr


def test_run_names_the_port_that_is_taken(tmp_path: Path) -> None:
    """``deploy/run.py`` (what `make run` runs) with the broker's port held by another socket."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        script = (
            "import functools, sys; sys.path.insert(0, sys.argv[1]); import deploy.run as run;"
            "run.Stack = functools.partial(run.Stack, broker_port=int(sys.argv[2])); raise SystemExit(run.main())"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(ROOT), str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
    assert done.returncode == 1, done.stderr
    assert f"port {port} (the Kafka broker) is already in use" in done.stderr
    assert "Traceback" not in done.stderr
