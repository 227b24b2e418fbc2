"""Quality gate: difang on the fourth held-out set may not fall below bench/extract_heldout4/baseline.json.

The baseline records what the extractor achieves on portals it was never tuned on, misses included
(re-record it with ``bench/extract_heldout4/run.py --baseline`` after an improvement), so a
regression fails here: a rate more than 0.005 below its baseline, or more leaked lines. The checks
are the third held-out gate's own test functions, run against this set's fixtures below (pytest
resolves fixtures in the module that collects a test), so the four gates judge alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.article_heldout.scoring import difang_scores, figures
from tests.article_heldout3.test_heldout3_gate import (
    test_baseline_covers_the_whole_set,
    test_leaks_do_not_grow,
    test_rate_holds_the_baseline,
)

from .load import load_pages

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "extract_heldout4" / "baseline.json"
__all__ = ["test_baseline_covers_the_whole_set", "test_leaks_do_not_grow", "test_rate_holds_the_baseline"]


@pytest.fixture(scope="module")
def current() -> dict[str, object]:
    return figures(difang_scores(load_pages()))


@pytest.fixture(scope="module")
def recorded() -> dict[str, object]:
    floor: dict[str, object] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return floor
