"""The quality gate on real pages (../shared/real-pages, read in place).

difang's figures per field, on each part of the corpus (``tune``, ``check``) and on all of it, must
not fall below bench/real_pages/baseline.json (re-record with ``python -m bench.real_pages.run
--baseline`` after an improvement), every page must give a record with text, and on the whole
corpus difang must be at least level with GNE and trafilatura run on the same pages.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from typing import Any

import pytest

from tests.real_pages.corpus import EXTRACTORS, FIELDS, ROOT, available, corpus_dir, score, select

BASELINE = ROOT / "bench" / "real_pages" / "baseline.json"
# the fields a peer is held to ("day" is the secondary form of "time")
COMPARED = ("found", "title", "time", "source", "authors", "first", "last", "no_leak")

if not available():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"the real-page corpus is missing at {corpus_dir()}: CI must have ../shared beside the clone")
    pytest.skip(f"real-page corpus not found at {corpus_dir()} (set DIFANG_REAL_PAGES)", allow_module_level=True)


def _records(name: str) -> dict[str, dict[str, Any]]:
    warnings.filterwarnings("ignore")
    records = {}
    for page in select("all"):
        try:
            records[page.file] = EXTRACTORS[name](page)
        except Exception as exc:  # a crash is a page without output
            records[page.file] = {"file": page.file, "text": "", "crash": repr(exc)}
    return records


@pytest.fixture(scope="module")
def difang() -> dict[str, dict[str, Any]]:
    logging.disable(logging.WARNING)
    try:
        return _records("difang")
    finally:
        logging.disable(logging.NOTSET)


def test_every_page_gives_a_record_with_text(difang: dict[str, dict[str, Any]]) -> None:
    crashed = {f: r["crash"] for f, r in difang.items() if r.get("crash")}
    assert not crashed, crashed
    empty = sorted(f for f, r in difang.items() if not (r.get("text") or "").strip())
    assert not empty, f"no text from {empty}: {[difang[f].get('extraction_error') for f in empty]}"


@pytest.mark.parametrize("part", ["tune", "check", "all"])
def test_figures_hold_the_baseline(difang: dict[str, dict[str, Any]], part: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))[part]
    totals, misses = score(difang, select(part))
    fallen = {f: f"{totals[f][0]}/{totals[f][1]} < baseline {baseline[f][0]}/{baseline[f][1]}"
              for f in FIELDS if totals[f][0] < baseline[f][0]}
    assert not fallen, f"{part}: {fallen}; misses: {misses}"


@pytest.mark.parametrize("peer", ["gne", "trafilatura"])
def test_level_with_or_ahead_of_the_peers(difang: dict[str, dict[str, Any]], peer: str) -> None:
    chosen = select("all")
    ours, _ = score(difang, chosen)
    theirs, _ = score(_records(peer), chosen)
    behind = {f: f"difang {ours[f][0]} < {peer} {theirs[f][0]} of {ours[f][1]}"
              for f in COMPARED if ours[f][0] < theirs[f][0]}
    assert not behind, behind
