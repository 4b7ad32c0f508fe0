"""HTTP load from a real generator: wrk (C, event loop, keep-alive) with a Lua script that
gives every request its own body, Idempotency-Key and bank reference. Installed from
Debian's packages when it is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

LUA = r"""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local run = os.getenv("BENCH_RUN")
local auth = os.getenv("BENCH_AUTH")
local path = os.getenv("BENCH_PATH")

request = function()
  counter = counter + 1
  local key = run .. "-" .. tid .. "-" .. counter
  local body = '{"amount":"1.00","bank_reference":"B-' .. key ..
    '","payer":"owner","received_at":"2022-03-15T10:30:00+08:00"}'
  local headers = {["Content-Type"] = "application/json", ["Idempotency-Key"] = "k-" .. key}
  if auth ~= nil and auth ~= "" then headers["Authorization"] = auth end
  return wrk.format("POST", path, headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it from Debian's packages", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk could not be installed (apt-get install wrk)")
    return found


def post_load(url: str, path: str, *, auth: str = "", connections: int = 32, seconds: float = 10.0) -> LoadResult:
    """``connections`` concurrent keep-alive clients POSTing distinct deposits for ``seconds``."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(LUA)
        env = dict(os.environ, BENCH_RUN=uuid.uuid4().hex[:12], BENCH_AUTH=auth, BENCH_PATH=path)
        out = subprocess.run(
            [
                wrk_binary(),
                "-t2",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCHJSON "))
    d = json.loads(line.removeprefix("BENCHJSON "))
    return LoadResult(
        requests=d["requests"],
        seconds=d["duration_us"] / 1e6,
        errors=d["connect"] + d["read"] + d["write"] + d["status"] + d["timeout"],
        p50_ms=d["p50_us"] / 1000,
        p99_ms=d["p99_us"] / 1000,
        max_ms=d["max_us"] / 1000,
    )
