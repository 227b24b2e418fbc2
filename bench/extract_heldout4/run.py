"""Benchmark of article extraction on the FOURTH held-out set (unseen portals), next to trafilatura and GNE.

Same figures as the earlier held-out benches, computed by the same code: scoring from
``tests/article_heldout/scoring.py``, peer adapters, speed loop and report rows from
``bench/extract_heldout/run.py``, the extractor list and figure rows from
``bench/extract_heldout2/run.py``; only the pages differ (``tests/article_heldout4``).
Writes bench/extract_heldout4/results.md; with --baseline also baseline.json, the gate's floor.
Run: .venv/bin/python bench/extract_heldout4/run.py [--baseline]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import gne  # noqa: E402
import trafilatura  # noqa: E402

from bench.extract_heldout.run import SPEED_ROUNDS, cpu_model, fmt, misses, pages_per_second, per_template  # noqa: E402
from bench.extract_heldout2.run import EXTRACTORS, ROWS  # noqa: E402
from tests.article_heldout.scoring import PageScore, figures, score_page  # noqa: E402
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


def notes() -> list[str]:
    return [
        "Scoring and peer settings are those of bench/extract_heldout (same code): peers offer no `source` or "
        "`editor` (—); trafilatura is asked for time of day; peer date strings are parsed leniently, naive "
        "times read as +08:00; peer author strings are split on `;,、/|` and spaces. Leaked lines: predicted "
        "lines whose characters occur nowhere in the true text. Speed is measured on a 2-core machine shared with other "
        "work, so treat it as indicative.",
        "",
    ]


def report(pages: int, templates: int, table: list[str], all_scores: dict[str, list[PageScore]]) -> str:
    lines = [
        *header(pages, templates), *table, "", *notes(),
        "## Per template (body F1, character bag)", "",
        f"| template | {' | '.join(EXTRACTORS)} | difang pages with every field right | difang leaked lines |",
        "| --- | --- | --- | --- | --- | --- |",
        *per_template(all_scores), "",
        "## Every difang miss", "",
        "| page | field | expected | got |",
        "| --- | --- | --- | --- |",
        *misses(all_scores["difang"]), "",
    ]
    return "\n".join(lines)


def main() -> None:
    pages = load_pages()
    all_scores = {name: [score_page(p, extract(p)) for p in pages] for name, extract in EXTRACTORS.items()}
    results = {name: figures(scores) for name, scores in all_scores.items()}
    speed = {name: pages_per_second(extract, pages) for name, extract in EXTRACTORS.items()}
    table = [
        "| figure | difang | trafilatura | GNE |",
        "| --- | --- | --- | --- |",
        *(f"| {label} | {' | '.join(fmt(results[n][key]) for n in EXTRACTORS)} |" for label, key in ROWS),
        f"| pages/s, one core (mean of {SPEED_ROUNDS} rounds) | {' | '.join(f'{speed[n]:.1f}' for n in EXTRACTORS)} |",
    ]
    text = report(len(pages), len({p.template for p in pages}), table, all_scores)
    (HERE / "results.md").write_text(text, encoding="utf-8")
    if "--baseline" in sys.argv:
        (HERE / "baseline.json").write_text(json.dumps(results["difang"], indent=1) + "\n", encoding="utf-8")
    print("\n".join(table))


if __name__ == "__main__":
    main()
