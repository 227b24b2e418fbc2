"""CPU cost of article extraction on every stored page (labelled and held-out sets): difang now,
difang at an earlier commit, and trafilatura, in one process and one run.

Run from the repository root: ``.venv/bin/python -m bench.extract.speed`` prints pages per
CPU-second; ``--write`` also puts them in the "Speed" section of results.md (which run.py keeps);
``--profile`` adds a cProfile (CPU clock) of the current extract_article and article_page_links.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pipelines.article import article_page_links, extract_article
from tests.article.stored_pages import StoredPage, stored_pages

from .reference import BEFORE_SPEED_WORK, reference_extractor

ROUNDS = 5
Extract = Callable[[str, str], object]


def forget_line_verdicts() -> None:
    """Empty the extractor's caches (line verdicts, compiled XPaths), so that a round does not
    profit from the pages of the round before; pages of one round still share a site's furniture."""
    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("pipelines.article."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def pages_per_cpu_second(pages: list[StoredPage], extract: Extract, rounds: int = ROUNDS) -> float:
    """Pages per CPU-second of this process (so per core), best of ``rounds``."""
    return interleaved(pages, {"x": extract}, rounds)["x"]


def interleaved(pages: list[StoredPage], extractors: dict[str, Extract], rounds: int = ROUNDS) -> dict[str, float]:
    """Pages per CPU-second of each extractor, best of ``rounds``; the extractors take turns within
    every round, so a burst of load from other processes on the machine hits them alike."""
    best = dict.fromkeys(extractors, 0.0)
    for _ in range(rounds):
        for name, extract in extractors.items():
            forget_line_verdicts()
            start = time.process_time()
            for page in pages:
                extract(page.html, page.url)
            elapsed = time.process_time() - start
            best[name] = max(best[name], len(pages) / max(elapsed, 1e-9))
    return best


def profile(pages: list[StoredPage], extract: Extract, lines: int = 30) -> str:
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for page in pages:
        extract(page.html, page.url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def measure(commit: str = BEFORE_SPEED_WORK, rounds: int = ROUNDS) -> dict[str, float]:
    """Pages per CPU-second of each extractor on the same pages, in this run."""
    import trafilatura

    pages = stored_pages()
    before = reference_extractor(commit)
    # the pages the spider sees most: an article that is all on one page
    single = [p for p in pages if not before.article_page_links(p.html, p.url)]
    extract = interleaved(pages, {"before": before.extract_article, "after": extract_article}, rounds)
    links = interleaved(pages, {"before": before.article_page_links, "after": article_page_links}, rounds)
    links_single = interleaved(single, {"before": before.article_page_links, "after": article_page_links}, rounds)
    peer = pages_per_cpu_second(
        pages, lambda html, url: trafilatura.bare_extraction(html, url=url, with_metadata=True), rounds=2)
    return {"pages": len(pages), "single_pages": len(single),
            "extract_before": extract["before"], "extract_after": extract["after"],
            "links_before": links["before"], "links_after": links["after"],
            "links_single_before": links_single["before"], "links_single_after": links_single["after"],
            "trafilatura": peer}


SECTION = "\n## Speed"


def speed_section(figures: dict[str, float], commit: str, rounds: int) -> str:
    from .run import _machine

    def row(name: str, before: str, after: str) -> str:
        return (f"| {name} | {figures[before]:.0f} | {figures[after]:.0f} | "
                f"{figures[after] / figures[before]:.1f}x |")

    return "\n".join([
        SECTION,
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {_machine()} (shared with other work: figures are the best of {rounds} rounds, before and"
        " after taking turns in each round)",
        f"- pages: every stored page, {figures['pages']:.0f} (tests/article/golden and tests/article_sets/*/pages),"
        f" each with the URL of its label; {figures['single_pages']:.0f} of them are articles of one page",
        f"- before: the extractor at {commit[:10]}, imported from git beside the current one"
        " (bench/extract/reference.py); output identical on every page (`python -m bench.extract.identity`)",
        "- pages per CPU-second of one process (= per core); the extractor's caches are emptied before each round",
        "",
        "| call | before | after | speed-up |",
        "| --- | --- | --- | --- |",
        row("extract_article", "extract_before", "extract_after"),
        row("article_page_links, all pages", "links_before", "links_after"),
        row("article_page_links, one-page articles", "links_single_before", "links_single_after"),
        f"| trafilatura bare_extraction (peer, same run) | | {figures['trafilatura']:.0f} | |",
        "",
    ])


def write_section(section: str) -> None:
    """Replace (or add) the Speed section of results.md."""
    path = Path(__file__).parent / "results.md"
    text = path.read_text(encoding="utf-8")
    head = text.split(SECTION)[0].rstrip("\n") + "\n"
    path.write_text(head + section, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", action="store_true", help="print a CPU profile of the current code")
    parser.add_argument("--before", default=BEFORE_SPEED_WORK, help="commit of the 'before' extractor")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--write", action="store_true", help="record the figures in results.md")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    if args.profile:
        pages = stored_pages()
        print(profile(pages, lambda html, url: extract_article(html, url)))
        print(profile(pages, article_page_links, lines=15))
    figures = measure(args.before, args.rounds)
    section = speed_section(figures, args.before, args.rounds)
    print(section)
    if args.write:
        write_section(section)


if __name__ == "__main__":
    main()
