"""The image's pins: every package difang needs at run time, at the version CI tests with.

``pyproject.toml`` pins difang's direct dependencies; their own dependencies are free there.
The image installs with ``deploy/constraints.txt`` so that it runs the very versions the test
suite ran with. This module computes that list from the test environment (difang's installed
metadata, walked recursively, without the dev extra) and regenerates the file:

    .venv/bin/python -m tests.deploy.pins > deploy/constraints.txt
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "deploy" / "constraints.txt"
HEADER = ("# Runtime packages of difang at the versions its test suite runs with (pip constraints).\n"
          "# Generated: .venv/bin/python -m tests.deploy.pins > deploy/constraints.txt\n")


def _requirements(dist: metadata.Distribution, extras: frozenset[str]) -> list[Requirement]:
    found = []
    for line in dist.requires or []:
        req = Requirement(line)
        if req.marker is None:
            found.append(req)
            continue
        environments = [{"extra": e} for e in extras] or [{"extra": ""}]
        if any(req.marker.evaluate(env) for env in environments):
            found.append(req)
    return found


def runtime_closure(root: str = "difang") -> dict[str, str]:
    """Canonical name -> installed version of every package ``root`` needs, root excluded."""
    pins: dict[str, str] = {}
    todo = [(Requirement(root), frozenset[str]())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        dist = metadata.distribution(req.name)
        if name != canonicalize_name(root):
            pins[name] = dist.version
        todo.extend((r, frozenset(r.extras)) for r in _requirements(dist, extras))
    return dict(sorted(pins.items()))


def render(pins: dict[str, str]) -> str:
    return HEADER + "".join(f"{name}=={version}\n" for name, version in pins.items())


def read_constraints(path: Path = CONSTRAINTS) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


if __name__ == "__main__":
    sys.stdout.write(render(runtime_closure()))
