"""Quality gate: difang's figures on the labelled set may not fall below bench/extract/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .golden import load_cases
from .scoring import difang, score

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "extract" / "baseline.json"
TOLERANCE = 0.002  # floating-point slack only; a real regression moves these by more


@pytest.fixture(scope="module")
def figures_and_problems() -> tuple[dict[str, float], list[str]]:
    figures, problems = score(load_cases(), difang)
    return vars(figures), problems


def test_labelled_set_is_large_and_varied() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    assert len({case.template for case in cases}) >= 12


@pytest.mark.parametrize("name", ["body_f1", "title_exact", "published_exact", "source_accuracy",
                                  "authors_accuracy", "editor_accuracy"])
def test_figure_not_below_baseline(name: str, figures_and_problems: tuple[dict[str, float], list[str]]) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    figures, problems = figures_and_problems
    assert figures[name] >= baseline[name] - TOLERANCE, "\n".join(problems)


@pytest.mark.parametrize("name", ["leaked_lines", "extra_lines"])
def test_no_more_leaks_than_baseline(name: str, figures_and_problems: tuple[dict[str, float], list[str]]) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    figures, problems = figures_and_problems
    assert figures[name] <= baseline[name], "\n".join(problems)
