"""What the query benchmark and its pytest gate measure: reindex, a fixed query mix, size, and
answers checked against a plain scan of the texts.

The query mix (fixed seed) has five kinds — one character, two-character words, words of three
or four characters, words typed in Traditional, and two-character words filtered by site and a
three-month range — each sorted by date or by relevance in turn, 20 hits a page.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.query.corpus import COMMON, NOUNS, PLACES
from pipelines.text.script import converter
from query.filters import Selection
from query.index import QueryIndex, index_path
from query.reindex import rebuild
from query.source import ArchiveReader
from query.terms import normalized
from storage.store import FileStore

KINDS = ("one_char", "two_char", "long_word", "traditional", "filtered")


def query_mix(count: int = 300, seed: int = 3, sites: int = 40) -> list[tuple[str, Selection]]:
    rng = random.Random(seed)
    two = [w for w in NOUNS + PLACES if len(w) == 2]
    long = [w for w in NOUNS if len(w) >= 3]
    out: list[tuple[str, Selection]] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        sort = "relevance" if (i // len(KINDS)) % 2 else "date"
        if kind == "one_char":
            # Frequent and rare characters alike: the frequent ones match most articles.
            sel = Selection(query=rng.choice(COMMON[:50] + "".join(NOUNS)[::7]))
        elif kind == "two_char":
            sel = Selection(query=rng.choice(two))
        elif kind == "long_word":
            sel = Selection(query=rng.choice(long))
        elif kind == "traditional":
            changed = [t for t in (converter("s2t.json").convert(w) for w in two + long) if normalized(t) != t]
            sel = Selection(query=rng.choice(changed))
        else:
            month = rng.randint(1, 9)
            sel = Selection(query=rng.choice(two), sites=(f"site{rng.randrange(sites):02d}",),
                            since=f"2024-{month:02d}-01", until=f"2024-{month + 2:02d}-28")
        out.append((kind, Selection(**{**sel.__dict__, "sort": sort, "limit": 20})))
    return out


@dataclass
class Timings:
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, ms: float) -> None:
        self.by_kind.setdefault(kind, []).append(ms)

    @staticmethod
    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]

    def summary(self) -> dict[str, Any]:
        every = [v for values in self.by_kind.values() for v in values]
        out: dict[str, Any] = {"p50_ms": statistics.median(every), "p95_ms": self.p95(every), "max_ms": max(every)}
        for kind, values in self.by_kind.items():
            out[f"{kind}_p95_ms"] = self.p95(values)
        return out


def time_queries(index: QueryIndex, mix: list[tuple[str, Selection]]) -> Timings:
    timings = Timings()
    for kind, sel in mix:
        started = time.perf_counter()
        index.search(sel)
        timings.add(f"{kind}_{sel.sort}", (time.perf_counter() - started) * 1000)
    return timings


def reindex(archive: Path, home: Path, workers: int = 2) -> tuple[float, int]:
    """Seconds to rebuild the index of ``archive`` under ``home``, and its size in bytes."""
    report = rebuild(ArchiveReader(FileStore(archive)), index_path(home), manifests_only=True, workers=workers)
    return report.seconds, index_path(home).stat().st_size


class Scan:
    """The answers of a plain scan of every text (no index), to check the index against."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = sorted(records, key=lambda r: (r["published_at"] or "", r["id"]), reverse=True)
        self.texts = [normalized(f"{r['title']}\n{r['text']}", r["script"]) for r in self.records]

    def expected(self, sel: Selection) -> list[str]:
        """The ids ``sel`` must find, newest first."""
        words = normalized(sel.query).split()
        lo, hi = (sel.since or ""), (sel.until or "") + "\uffff"
        found = []
        for r, text in zip(self.records, self.texts, strict=True):
            if not all(w in text for w in words) or (sel.sites and r["site"] not in sel.sites):
                continue
            if (sel.since or sel.until) and not (lo <= (r["published_at"] or "") < hi):
                continue
            found.append(r["id"])
        return found[:sel.limit]
