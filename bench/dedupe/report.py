"""Shared by the dedupe benchmarks: the machine line and one rewritable section of results.md."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results.md"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores ({model}), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of results.md, leaving the others as they are."""
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Dedupe benchmarks\n"
    block = f"<!-- {name} -->\n{body.rstrip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, "utf-8")
