"""Quality gate: the corpus figures may not fall below bench/text/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

from tests.text.quality import encoding_figures, load_corpus, text_figures

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "text" / "baseline.json"
TOLERANCE = 0.0005


def test_corpus_figures_hold_the_baseline() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    corpus = load_corpus()
    now = {**text_figures(corpus), **encoding_figures(corpus)}
    assert now["false_repairs_clean"] <= baseline["false_repairs_clean"]
    for key in ("char_accuracy_damaged", "char_accuracy_clean", "encoding_accuracy_ours"):
        assert now[key] >= baseline[key] - TOLERANCE, (key, now[key], baseline[key])
