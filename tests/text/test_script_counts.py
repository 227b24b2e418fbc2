"""Script detection counts evidence two ways (numpy for long texts, a regex for short ones):
both give the same answer on every text."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import pipelines.text.script as script

ROOT = Path(__file__).resolve().parents[2]


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setattr(script, "_LONG_TEXT", 0)
    counted = script.detect_script(text)
    monkeypatch.setattr(script, "_LONG_TEXT", 1 << 30)
    return counted, script.detect_script(text)


def test_numpy_and_regex_counts_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [json.loads(line)["text"]
             for line in (ROOT / "tests/syndication/corpus/corpus.jsonl").read_text("utf-8").splitlines()]
    # mixtures of evidence characters of every kind, with astral and non-Han code points and a
    # lone surrogate (text decoded with surrogateescape can hold one), drawn from two or three
    # kinds of evidence at a time so that the tallies are close
    kinds: dict[int, list[str]] = {}
    for ch, bits in sorted(script._evidence().items()):
        kinds.setdefault(bits, []).append(ch)
    rng = random.Random(7)
    others = ["a", "。", "\U0002a6a5", "\U0010ffff", "\udc80", "的", " "]
    for _ in range(4000):
        pools = [kinds[bits] for bits in rng.sample(sorted(kinds), rng.randint(2, 3))] + [others]
        texts.append("".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(1, 60))))
    answers = [both_ways(t, monkeypatch) for t in texts]
    disagree = [(t, a) for t, a in zip(texts, answers, strict=True) if a[0] != a[1]]
    found = sorted({a[0] for a in answers})
    print(f"texts={len(texts)} answers={found} disagreements={len(disagree)}")
    assert not disagree, disagree[:3]
    assert found == ["und", "zh-HK", "zh-Hans", "zh-Hant", "zh-TW"]
