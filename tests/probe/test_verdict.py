"""Is a page an article? The verdict the probe and the by-content crawl rely on, on real article
pages (../shared/real-pages, read in place) and on the demo portal's pages that are not articles."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from demo.server import DemoPortal
from pipelines.verdict import page_verdict
from tests.real_pages.corpus import available, corpus_dir

REAL_FLOOR = 0.95  # share of real article pages judged to be articles


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=3) as running:
        yield running


@pytest.mark.skipif(not available(), reason="real-page corpus not found (set DIFANG_REAL_PAGES)")
def test_real_article_pages_are_articles() -> None:
    gold = json.loads((corpus_dir() / "gold.json").read_text(encoding="utf-8"))
    missed = []
    for page in gold:
        body = (corpus_dir() / "pages" / page["file"]).read_bytes()
        verdict = page_verdict(body, None, page.get("url") or "http://example.invalid/a.html")
        if not verdict.is_article:
            missed.append(f"{page['file']}: {verdict.reason}")
    print(f"{len(gold) - len(missed)} of {len(gold)} real article pages judged articles; missed: {missed}")
    assert len(gold) - len(missed) >= REAL_FLOOR * len(gold), missed


def test_demo_fronts_and_lists_are_not_articles(portal: DemoPortal) -> None:
    pages = [portal.sites[name] for name in portal.sites] + [
        portal.sites["demo-utf8"] + "news/list_2.html", portal.sites["demo-gbk"] + "xwzx/zwdt/index_1.html",
        portal.sites["demo-big5"] + "news/p2.html", portal.sites["demo-utf8"] + "private/secret.html"]
    for url in pages:
        with urllib.request.urlopen(url) as answer:
            verdict = page_verdict(answer.read(), answer.headers.get("Content-Type"), url)
        assert not verdict.is_article and verdict.reason, url
    for name in ("demo-utf8", "demo-gbk", "demo-big5", "demo-bench"):
        url = portal.article_urls(name)[0]
        with urllib.request.urlopen(url) as answer:
            verdict = page_verdict(answer.read(), answer.headers.get("Content-Type"), url)
        assert verdict.is_article and verdict.article is not None and verdict.article.published_at, url
