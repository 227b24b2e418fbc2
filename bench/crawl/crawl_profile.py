"""Where difang's CPU goes: a cProfile of one crawl, summarized by stage and by function.

The stage table sums the cumulative time of the entry points Scrapy calls (each pipeline's
``process_item``, each middleware's ``process_*``, the spider's ``parse_*`` callbacks), which do
not nest in one another; "Scrapy, Twisted, asyncio and the rest" is what is left of the total.
Imports are counted wherever they happen, so a stage's first call may count one twice. cProfile
sees the main thread only (the spool uploader thread is missing) and slows the code it times,
so read the shares, not the seconds.
"""

from __future__ import annotations

import pstats
from dataclasses import dataclass
from pathlib import Path

Key = tuple[str, int, str]

STAGES: list[tuple[str, str, tuple[str, ...]]] = [
    # label, file (relative to the repository), entry-point name prefixes
    ("decode stage", "pipelines/decode.py", ("process_item",)),
    ("extract stage", "pipelines/extract.py", ("process_item",)),
    ("normalize stage", "pipelines/normalize.py", ("process_item",)),
    ("dedupe stage", "pipelines/dedupe.py", ("process_item",)),
    ("archive stage", "pipelines/persist.py", ("process_item",)),
    ("WARC capture middleware", "crawler/middlewares/warc_capture.py", ("process_",)),
    ("address guard middleware", "crawler/middlewares/address_guard.py", ("process_",)),
    ("redirect loop middleware", "crawler/middlewares/redirect_loop.py", ("process_",)),
    ("portal spider callbacks", "crawler/spiders/portal.py", ("parse", "start", "on_error")),
    ("pipeline open/close", "pipelines/", ("open_spider", "close_spider")),
    ("WARC writer open/close", "crawler/middlewares/warc_capture.py", ("spider_opened", "spider_closed")),
]


@dataclass(frozen=True)
class Share:
    label: str
    seconds: float
    share: float


def short(path: str, source: Path) -> str:
    for marker in ("site-packages/", f"{source}/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def stage_shares(stats: pstats.Stats, source: Path) -> list[Share]:
    table: dict[Key, tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    total: float = stats.total_tt  # type: ignore[attr-defined]
    shares = []
    for label, file, prefixes in STAGES:
        seconds = sum(entry[3] for (path, _, name), entry in table.items()
                      if str(source / file) in path and name.startswith(prefixes))
        shares.append(Share(label, seconds, seconds / total))
    imports = sum(entry[3] for (_, _, name), entry in table.items() if name == "_find_and_load")
    shares.append(Share("module imports (mostly start-up)", imports, imports / total))
    rest = total - sum(s.seconds for s in shares)
    shares.append(Share("Scrapy, Twisted, asyncio and the rest", rest, rest / total))
    return shares


def top(stats: pstats.Stats, source: Path, *, by: int, count: int,
        ours_only: bool = False) -> list[tuple[str, int, float, float]]:
    """(function, calls, own seconds, cumulative seconds), by own (by=2) or cumulative (by=3) time."""
    table: dict[Key, tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    rows = [(key, entry) for key, entry in table.items()
            if not ours_only or (str(source) in key[0] and "/.venv/" not in key[0])]
    rows.sort(key=lambda row: row[1][2] if by == 2 else row[1][3], reverse=True)
    return [(f"{short(path, source)}:{line} {name}", entry[1], entry[2], entry[3])
            for (path, line, name), entry in rows[:count]]


def profile_markdown(path: Path, cpu: float, articles: int, source: Path) -> str:
    stats = pstats.Stats(str(path))
    total: float = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"Profiled run: {articles} articles, process CPU {cpu:.1f} s (under cProfile), "
             f"profiled main-thread time {total:.1f} s.", "",
             "| stage | seconds | share |", "| --- | ---: | ---: |"]
    lines += [f"| {s.label} | {s.seconds:.2f} | {s.share:.1%} |" for s in stage_shares(stats, source)]
    lines += ["", "Top functions by own time:", "",
              "| function | calls | own s | cumulative s |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{f}` | {n} | {own:.2f} | {cum:.2f} |" for f, n, own, cum in top(stats, source, by=2, count=25)]
    lines += ["", "difang's own functions by cumulative time:", "",
              "| function | calls | own s | cumulative s |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{f}` | {n} | {own:.2f} | {cum:.2f} |"
              for f, n, own, cum in top(stats, source, by=3, count=30, ours_only=True)]
    return "\n".join(lines) + "\n"
