"""What every held-out extraction bench after the first one does, whatever its pages: score
difang, trafilatura and GNE page by page, time them, and write the report's table and its
per-template and per-miss sections, then results.md (and baseline.json with --baseline).

Each bench (bench/extract_heldout2..4/run.py) keeps only what is its own: its pages and the
header of its report (which set, how it was written, whether it was tuned on).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.extract_heldout.run import (
    EXTRACTORS,
    ROWS,
    SPEED_ROUNDS,
    fmt,
    misses,
    pages_per_second,
    per_template,
)
from tests.article_heldout.scoring import HeldoutPage, PageScore, figures, score_page

NOTES = (
    "Scoring and peer settings are those of bench/extract_heldout (same code): peers offer no `source` or "
    "`editor` (—); trafilatura is asked for time of day; peer date strings are parsed leniently, naive "
    "times read as +08:00; peer author strings are split on `;,、/|` and spaces. Leaked lines: predicted "
    "lines whose characters occur nowhere in the true text. Speed is measured on a 2-core machine shared "
    "with other work, so treat it as indicative."
)


@dataclass(frozen=True)
class Measured:
    pages: list[HeldoutPage]
    scores: dict[str, list[PageScore]]  # extractor -> one score per page
    results: dict[str, dict[str, float]]  # extractor -> figures
    table: list[str]  # the report's main table

    @property
    def templates(self) -> int:
        return len({p.template for p in self.pages})


def measure(pages: list[HeldoutPage]) -> Measured:
    scores = {name: [score_page(p, extract(p)) for p in pages] for name, extract in EXTRACTORS.items()}
    results = {name: figures(s) for name, s in scores.items()}
    speed = {name: pages_per_second(extract, pages) for name, extract in EXTRACTORS.items()}
    table = [
        "| figure | difang | trafilatura | GNE |",
        "| --- | --- | --- | --- |",
        *(f"| {label} | {' | '.join(fmt(results[n][key]) for n in EXTRACTORS)} |" for label, key in ROWS),
        f"| pages/s, one core (mean of {SPEED_ROUNDS} rounds) | {' | '.join(f'{speed[n]:.1f}' for n in EXTRACTORS)} |",
    ]
    return Measured(pages, scores, results, table)


def write_report(here: Path, header: list[str], measured: Measured) -> None:
    """results.md = ``header`` (ending with a blank line), the table, the notes, the sections;
    baseline.json too with --baseline."""
    lines = [
        *header, *measured.table, "", NOTES, "",
        "## Per template (body F1, character bag)", "",
        f"| template | {' | '.join(EXTRACTORS)} | difang pages with every field right | difang leaked lines |",
        "| --- | --- | --- | --- | --- | --- |",
        *per_template(measured.scores), "",
        "## Every difang miss", "",
        "| page | field | expected | got |",
        "| --- | --- | --- | --- |",
        *misses(measured.scores["difang"]), "",
    ]
    (here / "results.md").write_text("\n".join(lines), encoding="utf-8")
    if "--baseline" in sys.argv:
        (here / "baseline.json").write_text(json.dumps(measured.results["difang"], indent=1) + "\n", encoding="utf-8")
