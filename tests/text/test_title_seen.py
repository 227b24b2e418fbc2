"""TitleDecorations counts each headline once per site, also past its memory of MAX_SEEN
headlines, and also after a save and load (the set beside the kept list changes no count)."""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

from pipelines.text.titles import _AFFIX_PREFIX, _AFFIX_SUFFIX, MIN_REMAINDER, TitleDecorations, shadow


def reference_counts(titles: list[str], max_seen: int) -> dict[str, int]:
    """What observe counted when it scanned its list of seen keys."""
    seen: list[int] = []
    counts: dict[str, int] = {}
    for title in (t.strip() for t in titles):
        key = zlib.crc32(shadow(title).encode("utf-8"))
        if key in seen or len(title) < MIN_REMAINDER:
            continue
        if len(seen) < max_seen:
            seen.append(key)
        for kind, pattern in (("prefix", _AFFIX_PREFIX), ("suffix", _AFFIX_SUFFIX)):
            m = pattern.search(shadow(title))
            if m:
                affix = f"{kind}:{m.group(1).strip()}"
                counts[affix] = counts.get(affix, 0) + 1
    return counts


def counted(decorations: TitleDecorations, site: str) -> dict[str, int]:
    data: Any = decorations.to_json()
    state = data["sites"][site]
    return {f"{kind}:{a}": n for kind in ("prefix", "suffix") for a, n in state[kind].items()}


def test_counts_equal_the_list_scan(tmp_path: Path) -> None:
    rng = random.Random(3)
    heads = [f"{place}{what}" for place in ("青山县", "白水镇", "东城区", "南湖街道")
             for what in ("召开防汛工作会议", "开展义诊活动", "启动秋季招聘会", "通报道路施工进展")]
    titles = [rng.choice(["【视频】", "", "图文｜"]) + rng.choice(heads) + rng.choice(["_青山新闻网", "", " - 今日青山"])
              for _ in range(400)]
    for max_seen in (5, 40, 20_000):
        decorations = TitleDecorations()
        decorations.MAX_SEEN = max_seen
        for title in titles[:200]:
            decorations.observe("qs", title)
        path = tmp_path / f"decorations-{max_seen}.json"
        decorations.save(path)
        loaded = TitleDecorations.load(path)
        loaded.MAX_SEEN = max_seen
        for title in titles[200:]:
            loaded.observe("qs", title)
        expected = reference_counts(titles, max_seen)
        print(f"MAX_SEEN={max_seen}: {sum(expected.values())} affixes counted")
        assert counted(loaded, "qs") == expected and expected
