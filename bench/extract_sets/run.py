"""Benchmark of article extraction on the labelled sets of tests/article_sets, next to trafilatura
and GNE: the same figures as the quality gate (same scoring code), per template, every difang
miss, and speed.

    .venv/bin/python -m bench.extract_sets.run --set NAME [--baseline]   # one set
    .venv/bin/python -m bench.extract_sets.run --set all [--baseline]    # every set

Writes bench/extract_sets/results/NAME.md; with --baseline also the set's baseline.json, the
floor the gate (tests/article_sets/test_gate.py) holds the extractor to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tests.article_sets.sets import ArticleSet, article_set, set_names

from .report import Measured, measure, report, table

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def extractor_commit() -> str:
    """The last commit that changed the extractor (pipelines/article)."""
    done = subprocess.run(["git", "log", "-1", "--format=%h", "--", "pipelines/article"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def provenance(about: dict[str, object]) -> str:
    """The line every report prints: a set tuned on no longer measures unseen portals."""
    if not about["tuned_on"]:
        return "tuned on: no"
    return f"tuned on: yes, first unseen run: {about['first_unseen_run']}"


def header(found: ArticleSet, measured: Measured) -> list[str]:
    about = found.about()
    where = f"tests/article_sets/{found.name}"
    return [
        f"# Article extraction on {about['title']} ({where})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu_model()}. "
        f"Date: {dt.date.today().isoformat()}. Python {platform.python_version()}, "
        f"trafilatura {version('trafilatura')}, gne {version('gne')}. Extractor at commit {extractor_commit()}.",
        "",
        f"{len(measured.pages)} pages in {measured.templates} templates, {about['made']} (see {where}/README.md "
        "for how, and for the labelling rules).",
        provenance(about) + ".",
        f"Run: `.venv/bin/python -m bench.extract_sets.run --set {found.name} [--baseline]`.",
        "",
    ]


def run(found: ArticleSet, baseline: bool) -> None:
    measured = measure(found.load())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{found.name}.md").write_text(report(header(found, measured), measured), encoding="utf-8")
    if baseline:
        found.baseline.write_text(json.dumps(measured.results["difang"], indent=1) + "\n", encoding="utf-8")
    print(f"## {found.name} ({provenance(found.about())})", *table(measured), "", sep="\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_sets.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="all", metavar="NAME",
                        help=f"a set of tests/article_sets ({', '.join(set_names())}) or all (the default)")
    parser.add_argument("--baseline", action="store_true", help="also record difang's figures as the set's baseline")
    args = parser.parse_args(argv)
    try:
        chosen = [article_set(name) for name in (set_names() if args.set == "all" else [args.set])]
    except ValueError as exc:
        print(f"{parser.prog}: --set: {exc}", file=sys.stderr)
        return 2
    for found in chosen:
        run(found, args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
