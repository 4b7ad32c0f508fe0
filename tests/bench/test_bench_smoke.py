"""The bench harness keeps working: a tiny run of ``make bench`` on the real stack. It
checks that every figure is measured beside its floor and that the load it generated was
all counted — never how fast anything is (speed targets live in ``make bench`` only)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from bench.run import Sizes, run
from tests.support import PG_ENV

pytestmark = pytest.mark.e2e


def test_a_quick_bench_run_measures_every_figure_beside_its_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL too when the suite runs there (``make test-postgres``)."""
    if os.environ.get(PG_ENV):
        monkeypatch.setenv("BENCH_POSTGRES_URL", os.environ[PG_ENV])
    out = tmp_path / "bench.json"
    report = run(Sizes.quick(), out)

    assert report.database == ("postgresql" if os.environ.get(PG_ENV) else "sqlite")
    rows = {r.figure.split(",")[0].split(" over ")[0]: r for r in report.rows}
    for figure in ("saga p50", "saga p99", "deposits/s at 32 clients", "verify", "audit ingest"):
        row = rows[figure]
        assert row.floor is not None and row.floor > 0 and row.ratio is not None and math.isfinite(row.ratio), row
    assert rows["deposits: every 201 counted once"].ok, rows["deposits: every 201 counted once"]
    verified = [r.figure for r in report.rows if r.figure.startswith("verify over ")]
    assert f"verify over {Sizes.quick().chain_records:,} records" in verified, verified  # the extended chain verifies
    for name in ("project-svc", "fund-svc", "housing-svc", "audit-svc"):
        assert rows[f"{name} resident memory (max of idle/after)"].value > 0
    written = json.loads(out.read_text())
    assert written["machine"]["cores"] and len(written["rows"]) == len(report.rows)
