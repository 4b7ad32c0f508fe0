"""Write each service's OpenAPI document to ``docs/openapi/<service>.json``.

``python -m deploy.openapi docs/openapi``; a test keeps the committed documents current.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from deploy.embedded import SERVICES


def documents() -> dict[str, dict[str, Any]]:
    out = {}
    for spec in SERVICES:
        create_app = importlib.import_module(f"{spec.package}.bootstrap").create_app
        out[spec.name] = create_app().openapi()
    return out


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(target: str) -> None:
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    for name, doc in documents().items():
        (path / f"{name}.json").write_text(render(doc), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/openapi")
