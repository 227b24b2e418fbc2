"""Quality gate: clustering of the labelled corpus must not fall below the recorded baseline
(bench/dedupe/baseline.json, written by bench/dedupe/quality.py) nor below the issue's floor."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.syndication import NearDuplicateSettings

from .quality import evaluate

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "dedupe" / "baseline.json"
TOLERANCE = 0.005  # one or two pairs of slack for harmless changes to the corpus order
FLOOR = {"precision": 0.99, "recall": 0.95}


def test_corpus_meets_the_issue_floor_and_the_baseline() -> None:
    recorded = json.loads(BASELINE.read_text("utf-8"))["quality"]
    current = evaluate()
    assert current["articles"] >= 240 and current["stories"] >= 60
    for figure, floor in FLOOR.items():
        assert current[figure] >= floor, (figure, current[figure], current["merged_pairs"], current["missed_pairs"])
    for figure, value in recorded.items():
        assert current[figure] >= value - TOLERANCE, (figure, current[figure], value)


def test_corpus_clusters_do_not_depend_on_when_postings_are_merged() -> None:
    # by default the corpus is never merged (fewer than 256 records after the last merge): here every 16, so most
    # candidates are found in the band B-tree, the rest in memory
    often = evaluate(NearDuplicateSettings(merge_every=16))
    never = evaluate()
    assert often == never
