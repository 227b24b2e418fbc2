"""Speed and size of the near-duplicate index on synthetic text (not part of pytest).

Run: ``.venv/bin/python bench/dedupe/scale.py [MAX_ARTICLES]`` (default 100000). Files synthetic
articles (Zipf-distributed words of random CJK characters, ~1,000 characters, sentence
punctuation; every 10th article a cut or verbatim copy of an earlier one) into a fresh index
and reports, at checkpoints, the add (insert + query) rate over the last window, the disk size
per article, and the process's peak RSS. Writes the scale section of results.md.
"""

from __future__ import annotations

import itertools
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from report import machine, write_section  # noqa: E402

from pipelines.syndication import NearDuplicateIndex  # noqa: E402

CHECKPOINTS = [1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
WINDOW = 2_000


class SyntheticNews:
    """Articles of random words with a news-like word-frequency curve."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
        self.words = ["".join(self.rng.choices(chars, k=self.rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(30_000)]
        self.cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(self.words))))
        self.recent: list[str] = []

    def article(self, n: int) -> str:
        if n % 10 == 9 and self.recent:
            source = self.rng.choice(self.recent)
            return source if self.rng.random() < 0.5 else source[: len(source) * 2 // 3]
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=480)
        text = "".join(w + ("。" if i % 14 == 13 else "") for i, w in enumerate(words))
        self.recent = (self.recent + [text])[-200:]
        return text


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    news = SyntheticNews()
    rows = []
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").exists() else None) as tmp:
        path = Path(tmp) / "dedupe.sqlite"
        index = NearDuplicateIndex(path)
        spent = 0.0
        window_spent, window_n, joined = 0.0, 0, 0
        for n in range(limit):
            text = news.article(n)
            start = time.perf_counter()
            match = index.add(f"{n:016x}", text, site=f"s{n % 40}", published_at=None,
                              fetched_at="2024-03-25T00:00:00Z", title="标题")
            took = time.perf_counter() - start
            spent += took
            joined += match.cluster_id != f"{n:016x}"
            if any(c - WINDOW < n + 1 <= c for c in CHECKPOINTS):
                window_spent += took
                window_n += 1
            if n + 1 in CHECKPOINTS:
                index._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                row = (n + 1, window_n / window_spent, 1000 * window_spent / window_n,
                       disk_bytes(path) / (n + 1), rss_mb, joined)
                rows.append(row)
                print(f"{row[0]} articles: {row[1]:.0f} adds/s, {row[2]:.3f} ms/add, {row[3]:.0f} bytes/article"
                      f" on disk, peak RSS {row[4]:.0f} MB, {row[5]} joined", flush=True)
                window_spent, window_n = 0.0, 0
        index.close()
    lines = ["## Scale on synthetic text", "", f"Machine: {machine()}", "",
             f"One process, one core; add = insert + query in one transaction; rate over the last {WINDOW} adds",
             "before each checkpoint (text generation not counted). Every 10th article is a copy.", "",
             "| indexed articles | adds/s | ms per add | disk bytes/article | peak RSS MB | copies joined |",
             "| - | - | - | - | - | - |"]
    lines += [f"| {r[0]} | {r[1]:.0f} | {r[2]:.3f} | {r[3]:.0f} | {r[4]:.0f} | {r[5]} |" for r in rows]
    lines += ["", f"Largest run: {limit} articles in {spent:.0f} s of add time."]
    write_section("scale", "\n".join(lines))


if __name__ == "__main__":
    main()
