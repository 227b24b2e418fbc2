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
import time
import warnings
from collections.abc import Callable

from pipelines.article import article_page_links, extract_article
from tests.article.stored_pages import StoredPage, stored_pages

from .reference import BEFORE_SPEED_WORK, reference_extractor

ROUNDS = 5
Extract = Callable[[str, str], object]


def pages_per_cpu_second(pages: list[StoredPage], extract: Extract, rounds: int = ROUNDS) -> float:
    """Pages per CPU-second of this process (so per core), best of ``rounds``."""
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for page in pages:
            extract(page.html, page.url)
        elapsed = time.process_time() - start
        best = max(best, len(pages) / max(elapsed, 1e-9))
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


def measure(commit: str = BEFORE_SPEED_WORK) -> dict[str, float]:
    """Pages per CPU-second of each extractor on the same pages, in this run."""
    import trafilatura

    pages = stored_pages()
    before = reference_extractor(commit)
    # the pages the spider sees most: an article that is all on one page
    single = [p for p in pages if not before.article_page_links(p.html, p.url)]
    return {
        "pages": len(pages),
        "single_pages": len(single),
        "extract_before": pages_per_cpu_second(pages, before.extract_article),
        "extract_after": pages_per_cpu_second(pages, extract_article),
        "links_before": pages_per_cpu_second(pages, before.article_page_links),
        "links_after": pages_per_cpu_second(pages, article_page_links),
        "links_single_before": pages_per_cpu_second(single, before.article_page_links),
        "links_single_after": pages_per_cpu_second(single, article_page_links),
        "trafilatura": pages_per_cpu_second(
            pages, lambda html, url: trafilatura.bare_extraction(html, url=url, with_metadata=True), rounds=2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", action="store_true", help="print a CPU profile of the current code")
    parser.add_argument("--before", default=BEFORE_SPEED_WORK, help="commit of the 'before' extractor")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    if args.profile:
        pages = stored_pages()
        print(profile(pages, lambda html, url: extract_article(html, url)))
        print(profile(pages, article_page_links, lines=15))
    for key, value in measure(args.before).items():
        print(f"{key}: {value:.0f}")


if __name__ == "__main__":
    main()
