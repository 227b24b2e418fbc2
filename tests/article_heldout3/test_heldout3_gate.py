"""Quality gate: difang on the third held-out set may not fall below bench/extract_heldout3/baseline.json.

The baseline records what the extractor achieves now on portals it has not seen, misses included
(re-record it with ``bench/extract_heldout3/run.py --baseline`` after an improvement), so a
regression fails here: a rate more than 0.005 below its baseline, or more leaked lines. The rates
and the tolerance are the second held-out gate's, so the three gates judge alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.article_heldout.scoring import difang_scores, figures
from tests.article_heldout2.test_heldout2_gate import COUNTS, RATES, TOLERANCE

from .load import load_pages

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "extract_heldout3" / "baseline.json"


@pytest.fixture(scope="module")
def current() -> dict[str, object]:
    return figures(difang_scores(load_pages()))


@pytest.fixture(scope="module")
def recorded() -> dict[str, object]:
    floor: dict[str, object] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return floor


def test_baseline_covers_the_whole_set(current: dict[str, object], recorded: dict[str, object]) -> None:
    assert recorded["pages"] == current["pages"], "the set changed: re-record the baseline"


@pytest.mark.parametrize("key", RATES)
def test_rate_holds_the_baseline(current: dict[str, object], recorded: dict[str, object], key: str) -> None:
    value, floor = current[key], recorded[key]
    assert isinstance(value, float) and isinstance(floor, float | int)
    assert value >= floor - TOLERANCE, f"{key}: {value} < baseline {floor}"


@pytest.mark.parametrize("key", COUNTS)
def test_leaks_do_not_grow(current: dict[str, object], recorded: dict[str, object], key: str) -> None:
    value, ceiling = current[key], recorded[key]
    assert isinstance(value, int) and isinstance(ceiling, int)
    assert value <= ceiling, f"{key}: {value} > baseline {ceiling}"
