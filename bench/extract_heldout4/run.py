"""Benchmark of article extraction on the FOURTH held-out set (unseen portals), next to trafilatura and GNE.

Same figures as the earlier held-out benches, computed by the same code: scoring from
``tests/article_heldout/scoring.py``, peer adapters and speed loop from
``bench/extract_heldout/run.py``, the report from ``bench/extract_heldout/heldout_bench.py``;
only the pages differ (``tests/article_heldout4``).
Writes bench/extract_heldout4/results.md; with --baseline also baseline.json, the gate's floor.
Run: .venv/bin/python bench/extract_heldout4/run.py [--baseline]
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import gne  # noqa: E402
import trafilatura  # noqa: E402

from bench.extract_heldout.heldout_bench import measure, write_report  # noqa: E402
from bench.extract_heldout.run import cpu_model  # noqa: E402
from tests.article_heldout4.load import load_pages  # noqa: E402

HERE = Path(__file__).parent


def extractor_commit() -> str:
    """The commit whose extractor was measured (the set itself never changes after its first run)."""
    done = subprocess.run(["git", "log", "-1", "--format=%h", "--", "pipelines/article"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def header(pages: int, templates: int) -> list[str]:
    version = getattr(gne, "__version__", "0.4.3")
    return [
        "# Article extraction on the fourth held-out set (tests/article_heldout4): unseen portals",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu_model()}. "
        f"Date: {dt.date.today().isoformat()}. Python {platform.python_version()}, "
        f"trafilatura {trafilatura.__version__}, gne {version}. Extractor at commit {extractor_commit()}.",
        "",
        "tuned on: no",
        "",
        f"{pages} pages in {templates} templates, none of them a template of the first three held-out sets, "
        "written, labelled and committed (commit \"article_heldout4: pages and labels\") before the extractor was "
        "run on them, and never used for tuning (see tests/article_heldout4/README.md for how, and for the "
        "labelling rules). Run: `.venv/bin/python bench/extract_heldout4/run.py [--baseline]`.",
        "",
    ]


def main() -> None:
    measured = measure(load_pages())
    write_report(HERE, header(len(measured.pages), measured.templates), measured)
    print("\n".join(measured.table))


if __name__ == "__main__":
    main()
