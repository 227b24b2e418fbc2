"""Quality gate: difang's figures on the held-out set may not fall below bench/extract_heldout/baseline.json.

The baseline records what the extractor achieves now (re-record it with
``bench/extract_heldout/run.py --baseline`` after an improvement), so a regression fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.article_heldout.scoring import difang_scores, figures

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "extract_heldout" / "baseline.json"
TOLERANCE = 0.005
RATES = ("body_f1_char", "body_f1_lcs", "title_exact", "published_at_exact", "published_day_exact",
         "source_exact", "authors_exact", "editor_exact")
COUNTS = ("leaked_lines", "pages_with_leaks")


@pytest.fixture(scope="module")
def now() -> dict[str, object]:
    return figures(difang_scores())


@pytest.mark.parametrize("key", RATES)
def test_rate_holds_the_baseline(now: dict[str, object], key: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    current = now[key]
    assert isinstance(current, float)
    assert current >= baseline[key] - TOLERANCE, f"{key}: {current} < baseline {baseline[key]}"


@pytest.mark.parametrize("key", COUNTS)
def test_leaks_do_not_grow(now: dict[str, object], key: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    current = now[key]
    assert isinstance(current, int)
    assert current <= baseline[key], f"{key}: {current} > baseline {baseline[key]}"
