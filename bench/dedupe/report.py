"""Shared by the dedupe benchmarks: the machine line, one rewritable section of results.md, one
rewritable part of baseline.json."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results.md"
BASELINE = Path(__file__).parent / "baseline.json"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores ({model}), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC,"
            f" commit {commit()}")


def commit() -> str:
    """The checked-out commit (``+`` when pipelines/syndication has uncommitted changes)."""
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "pipelines/syndication"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+" if dirty else "")


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of results.md, leaving the others as they are."""
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Dedupe benchmarks\n"
    block = f"<!-- {name} -->\n{body.rstrip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, "utf-8")


def write_baseline(part: str, figures: object) -> None:
    """Replace (or add) one part of baseline.json (quality.py writes "quality" and "settings",
    scale.py "scale"), leaving the others as they are."""
    baseline = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    baseline[part] = figures
    BASELINE.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", "utf-8")
