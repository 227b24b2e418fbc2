"""Quality gate: difang's figures on every labelled set may not fall below that set's baseline.json.

A baseline records what the extractor achieves now, misses included (re-record it with
``python -m bench.extract_sets.run --set NAME --baseline`` after an improvement), so a regression
fails here: a rate more than 0.005 below its baseline, or more leaked lines.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from .scoring import difang_scores, figures
from .sets import article_set, set_names

TOLERANCE = 0.005
RATES = ("body_f1_char", "body_f1_lcs", "title_exact", "published_at_exact", "published_day_exact",
         "source_exact", "authors_exact", "editor_exact")
COUNTS = ("leaked_lines", "pages_with_leaks")
SETS = set_names()


@cache
def current(name: str) -> dict[str, Any]:
    return figures(difang_scores(article_set(name).load()))


def recorded(name: str) -> dict[str, Any]:
    baseline: dict[str, Any] = json.loads(article_set(name).baseline.read_text(encoding="utf-8"))
    return baseline


def test_there_are_sets() -> None:
    assert len(SETS) >= 4


@pytest.mark.parametrize("name", SETS)
def test_baseline_covers_the_whole_set(name: str) -> None:
    assert recorded(name)["pages"] == current(name)["pages"], "the set changed: re-record the baseline"


@pytest.mark.parametrize("key", RATES)
@pytest.mark.parametrize("name", SETS)
def test_rate_holds_the_baseline(name: str, key: str) -> None:
    value, floor = current(name)[key], recorded(name)[key]
    assert isinstance(value, float) and isinstance(floor, float | int)
    assert value >= floor - TOLERANCE, f"{name} {key}: {value} < baseline {floor}"


@pytest.mark.parametrize("key", COUNTS)
@pytest.mark.parametrize("name", SETS)
def test_leaks_do_not_grow(name: str, key: str) -> None:
    value, ceiling = current(name)[key], recorded(name)[key]
    assert isinstance(value, int) and isinstance(ceiling, int)
    assert value <= ceiling, f"{name} {key}: {value} > baseline {ceiling}"
