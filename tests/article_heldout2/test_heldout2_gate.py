"""Quality gate: difang on the second held-out set may not fall below bench/extract_heldout2/baseline.json.

The baseline records what the extractor achieves now on portals it has not seen, misses included
(re-record it with ``bench/extract_heldout2/run.py --baseline`` after an improvement), so a
regression fails here: a rate more than 0.005 below its baseline, or more leaked lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.article_heldout.scoring import difang_scores, figures

from .load import load_pages

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "extract_heldout2" / "baseline.json"
TOLERANCE = 0.005
RATES = (
    "body_f1_char",
    "body_f1_lcs",
    "title_exact",
    "published_at_exact",
    "published_day_exact",
    "source_exact",
    "authors_exact",
    "editor_exact",
)
COUNTS = ("leaked_lines", "pages_with_leaks")


@pytest.fixture(scope="module")
def now() -> dict[str, object]:
    return figures(difang_scores(load_pages()))


@pytest.fixture(scope="module")
def baseline() -> dict[str, object]:
    recorded: dict[str, object] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return recorded


def test_baseline_covers_the_whole_set(now: dict[str, object], baseline: dict[str, object]) -> None:
    assert baseline["pages"] == now["pages"], "the set changed: re-record the baseline"


@pytest.mark.parametrize("key", RATES)
def test_rate_holds_the_baseline(now: dict[str, object], baseline: dict[str, object], key: str) -> None:
    current, floor = now[key], baseline[key]
    assert isinstance(current, float) and isinstance(floor, float | int)
    assert current >= floor - TOLERANCE, f"{key}: {current} < baseline {floor}"


@pytest.mark.parametrize("key", COUNTS)
def test_leaks_do_not_grow(now: dict[str, object], baseline: dict[str, object], key: str) -> None:
    current, ceiling = now[key], baseline[key]
    assert isinstance(current, int) and isinstance(ceiling, int)
    assert current <= ceiling, f"{key}: {current} > baseline {ceiling}"
