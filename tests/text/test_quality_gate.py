"""Quality gate: the corpus figures may not fall below bench/text/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

from tests.text.quality import encoding_figures, load_corpus, load_titles, text_figures, title_figures

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "text" / "baseline.json"
TOLERANCE = 0.0005


def baseline() -> dict[str, float]:
    figures: dict[str, float] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return figures


def test_corpus_figures_hold_the_baseline() -> None:
    floor = baseline()
    corpus = load_corpus()
    now = {**text_figures(corpus), **encoding_figures(corpus)}
    assert now["false_repairs_clean"] <= floor["false_repairs_clean"]
    for key in ("char_accuracy_damaged", "char_accuracy_clean", "encoding_accuracy_ours"):
        assert now[key] >= floor[key] - TOLERANCE, (key, now[key], floor[key])


def test_title_decoration_figures_hold_the_baseline() -> None:
    floor = baseline()
    titles = load_titles()
    for mode in ("online", "warm"):
        now = title_figures(titles, mode)
        assert now[f"title_clean_damaged_{mode}"] <= floor[f"title_clean_damaged_{mode}"]
        for key in (f"title_precision_{mode}", f"title_recall_{mode}"):
            assert now[key] >= floor[key] - TOLERANCE, (key, now[key], floor[key])
