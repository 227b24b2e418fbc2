"""Make a virtualenv hold exactly what a lock file lists: the one way difang installs its packages.

    VENV/bin/python requirements/sync.py LOCK [--editable DIR]

1. ``pip install --require-hashes --no-deps -r LOCK``: every package at its locked version, checked
   against the locked hashes. Nothing is resolved here, so a newer release on the index (or in a
   find-links folder) is never picked; a file whose hash is not in the lock is refused.
2. Packages the lock does not list (left by an earlier lock) are uninstalled.
3. With ``--editable DIR``: the project in DIR, without its dependencies and without build
   isolation (its build backend is in the lock too, so the index is not asked for one).
4. ``pip check``: the lock is a complete closure, or this fails.

Run with the virtualenv's own interpreter; the standard library is all it needs. Makefile (``make
install``, the pywb side venv) and the Dockerfile call it; ``make lock`` writes the locks.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

# What a venv holds that no lock lists, and which must stay.
KEEP = {"pip"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_names(lock: Path) -> set[str]:
    """Names of the packages a lock file pins (``name==version`` at the start of a line)."""
    names = set()
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==", line)
        if match:
            names.add(canonical(match.group(1)))
    return names


def pip(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "pip", *args], stdout=subprocess.PIPE, text=True)
    if done.returncode:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"sync: pip {args[0]} failed (exit {done.returncode})")
    return done.stdout


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--editable"):
        print("usage: python requirements/sync.py LOCK [--editable DIR]", file=sys.stderr)
        return 2
    lock = Path(argv[0])
    if not lock.is_file():
        print(f"sync: {lock}: no such lock file", file=sys.stderr)
        return 2
    pip("install", "-q", "--require-hashes", "--no-deps", "-r", str(lock))
    project = None
    if len(argv) == 3:
        project = Path(argv[2]).resolve()
        pip("install", "-q", "--no-deps", "--no-build-isolation", "-e", str(project))
    wanted = locked_names(lock) | KEEP
    installed = json.loads(pip("list", "--format=json", "--exclude-editable"))
    extra = sorted(d["name"] for d in installed if canonical(d["name"]) not in wanted)
    if extra:
        print(f"sync: removing what {lock} no longer lists: {', '.join(extra)}")
        pip("uninstall", "-q", "-y", *extra)
    pip("check")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
