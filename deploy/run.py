"""``make run``: the whole system on the embedded default, until Ctrl-C or SIGTERM.

Tansu on 127.0.0.1:19092 (memory storage) unless KAFKA_BOOTSTRAP_SERVERS names an external
Kafka; SQLite files under var/ unless <SERVICE>_DATABASE_URL names a PostgreSQL database.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.embedded import SERVICES, PortTaken, Stack


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    var = root / "var"
    urls = {
        s.name: os.environ[f"{s.env_prefix}DATABASE_URL"]
        for s in SERVICES
        if os.environ.get(f"{s.env_prefix}DATABASE_URL")
    }
    stack = Stack(var_dir=var, database_urls=urls, kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    print("starting the broker and the four services …", flush=True)
    try:
        stack.start(timeout=120)
    except PortTaken as exc:
        print(f"cannot start: {exc}", file=sys.stderr, flush=True)
        return 1
    print(f"\nready in {time.monotonic() - started:.1f} s — Kafka at {stack.kafka_bootstrap}", flush=True)
    for name, svc in stack.services.items():
        print(f"  {name:<12} {svc.url}   (docs: {svc.url}/docs)", flush=True)
    print(f"  dashboard    {stack.services['audit-svc'].url}/dashboard   (public, no token)", flush=True)
    print("\nCtrl-C stops everything.", flush=True)
    try:
        while not stopping:
            for name, svc in stack.services.items():
                if svc.proc is not None and svc.proc.poll() is not None:
                    print(f"{name} exited with {svc.proc.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        print("stopping …", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
