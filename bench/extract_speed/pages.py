"""The pages the extraction speed work is measured and checked on, grouped in named sets.

- ``golden``, ``heldout1``, ``heldout2`` … : every stored page of tests/article/golden and of
  each set of tests/article_sets, with the URL of its label (tests/article/stored_pages.py).
- ``demo-bench``: the first :data:`DEMO_BENCH_PAGES` article pages of the demo portal's generated
  benchmark site, rendered by demo/portal.py exactly as the crawl benchmark's server sends them
  (same port-free paths, the default demo port in their URLs) and decoded by the decode stage.

All of them are written for the project (no real article).
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.portal import DEMO_PORT, BenchSite
from pipelines.text import decode_html
from tests.article.stored_pages import stored_pages

DEMO_BENCH_PAGES = 500


@dataclass(frozen=True)
class Page:
    """One page of a set: a stable name, the URL it is served at, its decoded HTML."""

    name: str
    url: str
    html: str


def _set_of(stored_name: str) -> str:
    """``article/golden/x.html`` → ``golden``; ``article_sets/heldout2/pages/y.html`` → ``heldout2``."""
    folders = stored_name.split("/")
    return "golden" if folders[0] == "article" else folders[1]


def demo_bench_pages(count: int = DEMO_BENCH_PAGES) -> list[Page]:
    """Article pages 1..``count`` of demo-bench, as the decode stage hands them to extraction."""
    site = BenchSite(DEMO_PORT, count)
    found: list[Page] = []
    for path in site.article_paths():
        response = site.respond(path)
        text = decode_html(response.body, response.content_type).text
        found.append(Page(f"demo-bench{path}", site.url(path), text))
    return found


def page_sets(demo_pages: int = DEMO_BENCH_PAGES) -> dict[str, list[Page]]:
    """Every set by name, in a fixed order (demo-bench first, then the stored sets)."""
    sets: dict[str, list[Page]] = {"demo-bench": demo_bench_pages(demo_pages)}
    for stored in stored_pages():
        sets.setdefault(_set_of(stored.name), []).append(Page(stored.name, stored.url, stored.html))
    return sets
