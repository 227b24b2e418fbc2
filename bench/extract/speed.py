"""CPU cost of article extraction on every stored page (labelled and held-out sets): difang now,
difang at an earlier commit, and trafilatura, in one process and one run.

Run from the repository root: ``.venv/bin/python -m bench.extract.speed`` prints pages per
CPU-second; ``--profile`` adds a cProfile (CPU clock) of the current extract_article and
article_page_links.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", action="store_true", help="print a CPU profile of the current code")
    parser.add_argument("--before", default=BEFORE_SPEED_WORK, help="commit of the 'before' extractor")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    if args.profile:
        pages = stored_pages()
        print(profile(pages, lambda html, url: extract_article(html, url)))
        print(profile(pages, article_page_links, lines=15))
    for key, value in measure(args.before, args.rounds).items():
        print(f"{key}: {value:.0f}")


if __name__ == "__main__":
    main()
