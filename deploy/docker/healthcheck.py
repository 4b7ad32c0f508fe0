"""HEALTHCHECK of the service images: GET /healthz on the container's own port ($PORT).

Exit 0 when the process answers 200 (alive), 1 otherwise. Standard library only: the slim
base image has no curl."""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            ok = answer.status == 200
    except OSError as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
