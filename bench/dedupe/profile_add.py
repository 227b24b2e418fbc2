"""Where the time of ``NearDuplicateIndex.add`` goes, at a given index size (not part of pytest).

Run: ``.venv/bin/python bench/dedupe/profile_add.py 10000 100000`` — for each size, builds an
index of synthetic articles (scale.py's generator, ``add_many``), then files 2,000 more with
single ``add`` calls under cProfile (process CPU time) and prints the top functions and the CPU
time per add of each kind of SQL statement. Writes the profile section of results.md.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from report import machine, write_section  # noqa: E402
from scale import ROOT, SyntheticNews, entry  # noqa: E402

from pipelines.syndication import NearDuplicateIndex  # noqa: E402

ADDS = 2_000


class TimedConnection:
    """Stands in for the index's connection and adds up CPU time per SQL statement shape."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.spent: defaultdict[tuple[str, str], float] = defaultdict(float)

    def _timed(self, method: str, sql: str, *args: Any) -> Any:
        start = time.process_time()
        result = getattr(self.conn, method)(sql, *args)
        self.spent[(method, sql)] += time.process_time() - start
        return result

    def by_shape(self) -> list[tuple[str, float]]:
        """The time per statement, most first; placeholder lists of any length count as one."""
        shapes: defaultdict[str, float] = defaultdict(float)
        for (method, sql), spent in self.spent.items():
            shapes[f"{method} " + re.sub(r"\(\?[?,]*\)", "(…)", " ".join(sql.split()))[:60]] += spent
        return sorted(shapes.items(), key=lambda item: -item[1])

    def execute(self, sql: str, *args: Any) -> Any:
        return self._timed("execute", sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        return self._timed("executemany", sql, *args)


def profile(size: int) -> list[str]:
    news = SyntheticNews()
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").exists() else None) as tmp:
        index = NearDuplicateIndex(Path(tmp) / "dedupe.sqlite")
        for start in range(0, size, 500):
            index.add_many([entry(start + i, news.article()[0]) for i in range(500)])
        entries = [entry(size + i, news.article()[0]) for i in range(ADDS)]
        timed = TimedConnection(index._conn)
        index._conn = timed  # type: ignore[assignment]
        profiler = cProfile.Profile(time.process_time)
        cpu = time.process_time()
        profiler.enable()
        for e in entries:
            index.add(e.record_id, e.text_simplified, site=e.site, published_at=None, fetched_at=e.fetched_at)
        profiler.disable()
        cpu = time.process_time() - cpu
        index._conn = timed.conn
        index.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    top = [line for line in out.getvalue().splitlines() if re.match(r"\s+\d+(/\d+)?\s+\d", line)]
    lines = [f"### {size:,} indexed: {1e6 * cpu / ADDS:.0f} µs CPU per add under the profiler", "",
             "SQL statements, µs CPU per add:", ""]
    lines += [f"- {1e6 * t / ADDS:.0f} `{shape}`" for shape, t in timed.by_shape()[:8]]
    lines += ["", "Top functions by own time (ncalls, tottime s, cumtime s, function):", "", "```"]
    lines += [" ".join(line.split()[:2] + line.split()[3:4] + line.split()[5:])[:110] for line in top]
    return lines + ["```", ""]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    lines = ["## Profile of `add`", "", f"Machine: {machine()}", ""]
    for size in sizes:
        lines += profile(size)
        print("\n".join(lines), flush=True)
    write_section("profile", "\n".join(lines))


if __name__ == "__main__":
    main()
