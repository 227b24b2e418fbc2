"""What the bench measures on one set and how it reports it: every extractor scored page by page
and timed, the main table, the per-template table and every difang miss."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.article_sets.scoring import PageScore, Prediction, figures, score_page
from tests.article_sets.sets import LabelledPage

from .peers import EXTRACTORS

SPEED_ROUNDS = 3
ROWS = [
    ("body F1, character bag (mean per page)", "body_f1_char"),
    ("body F1, character LCS (mean per page)", "body_f1_lcs"),
    ("boilerplate lines leaked into text", "leaked_lines"),
    ("pages with a leaked line", "pages_with_leaks"),
    ("title exact", "title_exact"),
    ("published_at exact (instant)", "published_at_exact"),
    ("published_at same day", "published_day_exact"),
    ("source exact", "source_exact"),
    ("authors exact (set)", "authors_exact"),
    ("editor exact", "editor_exact"),
]
NOTES = (
    "Peers offer no `source` or `editor` (—); trafilatura is asked for time of day; peer date strings are "
    "parsed leniently, naive times read as +08:00; peer author strings are split on `;,、/|` and spaces. "
    "Leaked lines: predicted lines whose characters occur nowhere in the true text. Speed is measured on a "
    "2-core machine shared with other work, so treat it as indicative."
)


@dataclass(frozen=True)
class Measured:
    pages: list[LabelledPage]
    scores: dict[str, list[PageScore]]  # extractor -> one score per page
    results: dict[str, dict[str, Any]]  # extractor -> figures
    speed: dict[str, float]  # extractor -> pages per second

    @property
    def templates(self) -> int:
        return len({p.template for p in self.pages})


def pages_per_second(extract: Callable[[LabelledPage], Prediction], pages: list[LabelledPage]) -> float:
    start = time.perf_counter()
    for _ in range(SPEED_ROUNDS):
        for page in pages:
            extract(page)
    return SPEED_ROUNDS * len(pages) / (time.perf_counter() - start)


def measure(pages: list[LabelledPage]) -> Measured:
    scores = {name: [score_page(p, extract(p)) for p in pages] for name, extract in EXTRACTORS.items()}
    speed = {name: pages_per_second(extract, pages) for name, extract in EXTRACTORS.items()}
    return Measured(pages, scores, {name: figures(s) for name, s in scores.items()}, speed)


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def table(measured: Measured) -> list[str]:
    """The main table: every figure of every extractor, then speed."""
    results = measured.results
    return [
        f"| figure | {' | '.join(EXTRACTORS)} |",
        "| --- | --- | --- | --- |",
        *(f"| {label} | {' | '.join(fmt(results[n][key]) for n in EXTRACTORS)} |" for label, key in ROWS),
        f"| pages/s, one core (mean of {SPEED_ROUNDS} rounds) | "
        f"{' | '.join(f'{measured.speed[n]:.1f}' for n in EXTRACTORS)} |",
    ]


def cut(text: Any, width: int = 60) -> str:
    s = json.dumps(text, ensure_ascii=False) if not isinstance(text, str) else text
    s = s.replace("|", "\\|").replace("\n", "⏎")
    return s if len(s) <= width else s[:width] + "…"


def misses(scores: list[PageScore]) -> list[str]:
    """One table row per wrong field and per imperfect body, for the extractor's author."""
    rows = []
    for s in scores:
        if s.leaked or s.missing or s.char_f1 < 1.0:
            leaked = "; ".join(cut(line, 40) for line in s.leaked) or "—"
            missing = "; ".join(cut(line, 40) for line in s.missing) or "—"
            rows.append(f"| {s.page.name} | text | F1 {s.char_f1:.3f}; missing: {missing} | leaked: {leaked} |")
        for name, ok in s.fields.items():
            if not ok and name != "published_day":
                rows.append(f"| {s.page.name} | {name} | {cut(s.page.truth[name])} | {cut(getattr(s.predicted, name))} |")
    return rows


def per_template(all_scores: dict[str, list[PageScore]]) -> list[str]:
    templates = sorted({s.page.template for s in all_scores["difang"]})
    rows = []
    for t in templates:
        cells = []
        for name in EXTRACTORS:
            mine = [s for s in all_scores[name] if s.page.template == t]
            cells.append(f"{sum(s.char_f1 for s in mine) / len(mine):.3f}")
        ours = [s for s in all_scores["difang"] if s.page.template == t]
        fields_ok = sum(all(v for k, v in s.fields.items() if k != "published_day") for s in ours)
        leaks = sum(len(s.leaked) for s in ours)
        rows.append(f"| {t} | {' | '.join(cells)} | {fields_ok}/{len(ours)} | {leaks} |")
    return rows


def report(header: list[str], measured: Measured) -> str:
    """The report: ``header`` (ending with a blank line), the table, the notes, the sections."""
    return "\n".join([
        *header, *table(measured), "", NOTES, "",
        "## Per template (body F1, character bag)", "",
        f"| template | {' | '.join(EXTRACTORS)} | difang pages with every field right | difang leaked lines |",
        "| --- | --- | --- | --- | --- | --- |",
        *per_template(measured.scores), "",
        "## Every difang miss", "",
        "| page | field | expected | got |",
        "| --- | --- | --- | --- |",
        *misses(measured.scores["difang"]), "",
    ])
