"""Speed and size of the near-duplicate index on synthetic text (not part of pytest).

Run: ``.venv/bin/python bench/dedupe/scale.py [MAX_ARTICLES] [PEER_MAX]`` (defaults 1000000 and
100000). Builds one index with ``add_many`` batches (the fast path for back-filling) and, at
each checkpoint, measures on the next articles: ``lookup`` calls (query only), single ``add``
calls (insert + query, one transaction each, as the crawl pipeline files them) and ``add_many``
batches of 500, each over 8,192 articles (the most records between two merges of recent postings,
so every window pays its share of them), in process CPU time (per core, whatever else the
machine runs) and wall time; the disk bytes per indexed article; what the index holds in memory
(Bloom filter and recent postings) per indexed article; the process's private (anonymous) RSS. datasketch's MinHashLSH (in memory, same texts, same 5-gram
shingles, 16 bands × 2 rows, query then insert) is measured as the peer up to PEER_MAX.
Every 10th synthetic article is a copy of a recent one (verbatim, cut to two thirds, or
re-split into other paragraphs and cut by a third); "joined" counts those the index matched.
At each checkpoint it also times opening the index in a second object plus its first lookup (what
a crawl process pays before its first article). Writes the scale section of results.md;
``scale.py --from-log LOG...`` writes it from the rows printed by earlier runs (e.g. the index
and the peer measured as two concurrent processes:
``python -c "import scale; scale.measure_datasketch(100000)"``). The figures
are also recorded in baseline.json ("scale"); ``scale.py --baseline-from-log LOG...`` records
them from the rows of a run without touching results.md.
"""

from __future__ import annotations

import ast
import itertools
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from report import machine, write_baseline, write_section  # noqa: E402

from pipelines.syndication import IndexEntry, NearDuplicateIndex  # noqa: E402

CHECKPOINTS = [10_000, 30_000, 100_000, 300_000, 1_000_000]
WINDOW = 8_192
BATCH = 500
T = TypeVar("T")
R = TypeVar("R")


class SyntheticNews:
    """Articles of random words with a news-like word-frequency curve (fixed seed)."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
        self.words = ["".join(self.rng.choices(chars, k=self.rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(30_000)]
        self.cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(self.words))))
        self.recent: list[str] = []
        self.serial = 0

    def article(self) -> tuple[str, bool]:
        """(text, is a copy)."""
        self.serial += 1
        if self.serial % 10 == 0 and self.recent:
            return self._copy(self.rng.choice(self.recent)), True
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=480)
        sentences = ["".join(words[i : i + 14]) + "。" for i in range(0, len(words), 14)]
        text = "\n".join("".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
        self.recent = (self.recent + [text])[-200:]
        return text, False

    def _copy(self, source: str) -> str:
        kind = self.rng.randrange(3)
        if kind == 0:
            return source
        if kind == 1:
            return source[: len(source) * 2 // 3]
        sentences = source.replace("\n", "").split("。")[:-1]
        kept = sentences[: len(sentences) * 2 // 3]
        return "\n".join("。".join(kept[i : i + 3]) + "。" for i in range(0, len(kept), 3))


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def rss_mb() -> float:
    """Private (anonymous) resident memory: pages of the index file mapped by SQLite (mmap) are
    the OS page cache, shared by every process, and left out."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def timed(call: Callable[[T], R], args: list[T]) -> tuple[float, float, list[R]]:
    """(CPU seconds, wall seconds, results) of calling ``call`` on each argument in order."""
    cpu, wall = time.process_time(), time.perf_counter()
    results = [call(arg) for arg in args]
    return time.process_time() - cpu, time.perf_counter() - wall, results


def entry(n: int, text: str) -> IndexEntry:
    return IndexEntry(f"{n:016x}", text, f"s{n % 40}", None, "2024-03-25T00:00:00Z", "标题")


def first_lookup(path: Path, text: str) -> None:
    index = NearDuplicateIndex(path)
    index.lookup(text)
    index.close()


def measure_difang(limit: int) -> list[dict[str, float]]:
    news, rows, n = SyntheticNews(), [], 0
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").exists() else None) as tmp:
        path = Path(tmp) / "dedupe.sqlite"
        index = NearDuplicateIndex(path)
        build_cpu = build_n = 0.0
        for checkpoint in [c for c in CHECKPOINTS if c <= limit]:
            while n < checkpoint:
                batch = [entry(n + i, news.article()[0]) for i in range(min(BATCH, checkpoint - n))]
                cpu = time.process_time()
                index.add_many(batch)
                build_cpu += time.process_time() - cpu
                build_n += len(batch)
                n += len(batch)
            index._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            disk, rss = disk_bytes(path) / n, rss_mb()  # before the windows' texts are made
            # a crawl process opening the index: open plus its first lookup (which reads the postings)
            open_cpu, open_wall, _ = timed(lambda p: first_lookup(p, "".join(news.words[:400])), [path])
            probes = [news.article() for _ in range(WINDOW)]
            lookup_cpu, lookup_wall, _ = timed(index.lookup, [t for t, _ in probes])
            adds = [entry(n + i, t) for i, (t, _) in enumerate(probes)]
            add_cpu, add_wall, matches = timed(
                lambda e: index.add(e.record_id, e.text_simplified, site=e.site, published_at=e.published_at,
                                    fetched_at=e.fetched_at, title=e.title), adds)
            n += WINDOW
            memory = index._bands.memory_bytes() / n
            batches = [[entry(n + i + j, news.article()[0]) for j in range(BATCH)] for i in range(0, WINDOW, BATCH)]
            many_cpu, many_wall, _ = timed(index.add_many, batches)
            n += WINDOW
            copies = sum(copy for _, copy in probes)
            landed = [(copy, m.cluster_id != e.record_id) for (_, copy), e, m in zip(probes, adds, matches, strict=True)]
            joined = sum(copy and linked for copy, linked in landed)
            false = sum(linked and not copy for copy, linked in landed)
            row = {"indexed": checkpoint, "add_cpu_rate": WINDOW / add_cpu, "add_wall_rate": WINDOW / add_wall,
                   "lookup_ms": 1000 * lookup_cpu / WINDOW, "lookup_wall_ms": 1000 * lookup_wall / WINDOW,
                   "batch_rate": build_n / build_cpu, "disk": disk, "rss": rss, "copies": copies,
                   "many_cpu_rate": WINDOW / many_cpu, "many_wall_rate": WINDOW / many_wall, "memory": memory,
                   "open_ms": 1000 * open_cpu, "open_wall_ms": 1000 * open_wall,
                   "joined": joined, "false": false}
            rows.append(row)
            print("difang", {k: round(v, 3) for k, v in row.items()}, flush=True)
        index.close()
    return rows


def measure_datasketch(limit: int) -> list[dict[str, float]]:
    from datasketch import MinHash, MinHashLSH

    news, rows, n = SyntheticNews(), [], 0
    lsh = MinHashLSH(num_perm=32, params=(16, 2))
    rss0 = rss_mb()

    def sketch(text: str) -> MinHash:
        chars = "".join(text.split())
        m = MinHash(num_perm=32, seed=1729)
        m.update_batch([chars[i : i + 5].encode("utf-8") for i in range(len(chars) - 4)])
        return m

    def add(key: str, text: str) -> bool:
        m = sketch(text)
        found = bool(lsh.query(m))
        lsh.insert(key, m)
        return found

    for checkpoint in [c for c in CHECKPOINTS if c <= limit]:
        while n < checkpoint:
            add(f"{n:016x}", news.article()[0])
            n += 1
        probes = [news.article() for _ in range(WINDOW)]
        cpu, wall, found = timed(lambda it: add(f"{it[0]:016x}", it[1]), [(n + i, t) for i, (t, _) in enumerate(probes)])
        n += WINDOW
        row = {"indexed": checkpoint, "add_cpu_rate": WINDOW / cpu, "add_wall_rate": WINDOW / wall,
               "rss": rss_mb() - rss0, "copies": sum(c for _, c in probes),
               "joined": sum(bool(f) and c for f, (_, c) in zip(found, probes, strict=True))}
        rows.append(row)
        print("datasketch", {k: round(v, 3) for k, v in row.items()}, flush=True)
    return rows


def section(ours: list[dict[str, float]], peer: list[dict[str, float]], started: str) -> str:
    lines = ["## Scale on synthetic text", "", f"Machine: {started}; {load()}", "",
             f"At each checkpoint the next {WINDOW} articles are measured: `lookup` (query only) and single `add`",
             "calls (insert + query, one transaction each, as the pipeline files them), then the next",
             f"{WINDOW} in `add_many` batches of {BATCH} (add_many/s); each window spans one merge interval of",
             "recent postings, so it pays its share of merges. CPU rates are per core (process CPU time);",
             "wall rates depend on the machine's load. Build between checkpoints: `add_many` (build/s: mean",
             "over the build so far). Every 10th article is a copy (verbatim, cut, or re-split and cut).",
             "Open: a second index opened on the same file and its first `lookup` (what a crawl process",
             "pays before its first article). Memory: what the index holds in memory per indexed article",
             "(Bloom filter of merged band keys, recent postings), besides SQLite's page cache (≤ 16 MB",
             "per connection). RSS: private memory of the process (pages of the file mapped by SQLite",
             "are the shared OS page cache and not counted).", ""]
    lines += _table(ours)
    lines += ["", "Peer, same texts: datasketch 2.0 `MinHashLSH(num_perm=32, params=(16, 2))`, in memory,",
              "no verification, no persistence; `MinHash.update_batch` of the UTF-8 5-grams (its default hash).", "",
              "| indexed | add/s (CPU) | add/s (wall) | RSS growth MB | copies found |", "| - | - | - | - | - |"]
    lines += [f"| {r['indexed']:,} | {r['add_cpu_rate']:,.0f} | {r['add_wall_rate']:,.0f} | {r['rss']:.0f} |"
              f" {r['joined']:.0f}/{r['copies']:.0f} |" for r in peer]
    if not peer:
        lines[-2:] = ["(not run this time)"]
    return "\n".join(lines)


def _table(rows: list[dict[str, float]]) -> list[str]:
    def opt(r: dict[str, float], key: str, form: str) -> str:
        return format(r[key], form) if key in r else "–"

    lines = ["| indexed | add/s (CPU) | add/s (wall) | lookup ms (CPU) | lookup ms (wall) | add_many/s (CPU) |"
             " add_many/s (wall) | build/s (CPU) | open ms (CPU) | open ms (wall) | memory B/article |"
             " disk B/article | RSS MB | copies joined | false joins |",
             "| - | - | - | - | - | - | - | - | - | - | - | - | - | - | - |"]
    return lines + [
        f"| {r['indexed']:,} | {r['add_cpu_rate']:,.0f} | {r['add_wall_rate']:,.0f} | {r['lookup_ms']:.3f} |"
        f" {r['lookup_wall_ms']:.3f} | {opt(r, 'many_cpu_rate', ',.0f')} | {opt(r, 'many_wall_rate', ',.0f')} |"
        f" {r['batch_rate']:,.0f} | {opt(r, 'open_ms', ',.0f')} |"
        f" {opt(r, 'open_wall_ms', ',.0f')} | {opt(r, 'memory', '.0f')} | {r['disk']:.0f} | {r['rss']:.0f} |"
        f" {r['joined']:.0f}/{r['copies']:.0f} | {r['false']:.0f} |" for r in rows]


def main() -> None:
    """``scale.py [MAX_ARTICLES] [PEER_MAX]``, or ``scale.py --from-log LOG...`` to write the section
    from the rows printed by runs (e.g. the index and the peer run as two processes)."""
    if sys.argv[1:2] == ["--baseline-from-log"]:
        record(_rows(sys.argv[2:], "difang"), _rows(sys.argv[2:], "datasketch"))
        return
    if sys.argv[1:2] == ["--from-log"]:
        ours, peer = _rows(sys.argv[2:], "difang"), _rows(sys.argv[2:], "datasketch")
        write_section("scale", section(ours, peer, machine()))
        record(ours, peer)
        return
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    peer_limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    started = machine()
    ours = measure_difang(limit)
    peer = measure_datasketch(peer_limit)
    write_section("scale", section(ours, peer, started))
    record(ours, peer)


def record(ours: list[dict[str, float]], peer: list[dict[str, float]]) -> None:
    """The scale figures in baseline.json: a record of the run, not a gate (CPU rates on a shared
    machine move with its load)."""
    kept = {"add_cpu_rate": 0, "many_cpu_rate": 0, "batch_rate": 0, "lookup_ms": 3, "open_ms": 1,
            "memory": 0, "disk": 0, "rss": 0, "joined": 0, "copies": 0, "false": 0}
    write_baseline("scale", {
        "difang": [{"indexed": r["indexed"], **{k: round(r[k], d) for k, d in kept.items() if k in r}} for r in ours],
        "datasketch": [{"indexed": r["indexed"], "add_cpu_rate": round(r["add_cpu_rate"]), "rss": round(r["rss"])}
                       for r in peer],
    })


def _rows(paths: list[str], name: str) -> list[dict[str, float]]:
    lines = [line.split(" ", 1) for path in paths for line in Path(path).read_text().splitlines()]
    return [ast.literal_eval(line[1]) for line in lines if line[0] == name and len(line) == 2]


def load() -> str:
    with open("/proc/loadavg") as f:
        return "load average at the end " + " ".join(f.read().split()[:3])


if __name__ == "__main__":
    main()
