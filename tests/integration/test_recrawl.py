"""A second crawl of an unchanged site: no article fetched again, no clean record added, and
unchanged list pages, feeds and sitemaps stored as WARC revisit records, not second copies."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.server import DemoPortal, request_target
from storage.store import FileStore
from tests.integration.crawlkit import clean_records, crawl_env, runs, scrapy_crawl, warc_records

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=5) as running:
        yield running


def article_requests(portal: DemoPortal, start: int, site: str) -> list[str]:
    articles = {u.split("/", 3)[3] for u in portal.article_urls(site)}
    return [p for s, _m, p in portal.requests[start:] if s == site and p.lstrip("/") in articles]


def test_second_crawl_fetches_no_article_and_adds_no_record(portal: DemoPortal, tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    env = crawl_env(tmp_path, sites, str(tmp_path / "archive"))
    store = FileStore(tmp_path / "archive")

    start = len(portal.requests)
    assert scrapy_crawl("demo-gbk", env).returncode == 0
    first_records = {r["id"] for r in clean_records(store, "demo-gbk")}
    assert len(first_records) == len(portal.article_urls("demo-gbk"))
    assert len(article_requests(portal, start, "demo-gbk")) == len(portal.article_urls("demo-gbk"))
    first_warcs = {k for k in store.list("raw/") if k.endswith(".warc.gz")}

    start = len(portal.requests)
    proc = scrapy_crawl("demo-gbk", env)
    assert proc.returncode == 0
    assert article_requests(portal, start, "demo-gbk") == []
    assert {r["id"] for r in clean_records(store, "demo-gbk")} == first_records
    second = max(runs(store), key=lambda r: r["started_at"])
    assert second["articles"] == 0
    assert second["stats"]["difang/dedupe/url_seen"] == len(first_records)

    new_warcs = {k for k in store.list("raw/") if k.endswith(".warc.gz")} - first_warcs
    assert len(new_warcs) == 1
    kinds = [r.rec_type for r in warc_records(store, new_warcs.pop())]
    # list pages, feed, robots.txt: unchanged, so revisits; nothing was served differently
    assert kinds.count("revisit") >= 3 and kinds.count("response") == 0, kinds


def test_refetch_after_fetches_again_but_keeps_one_version(portal: DemoPortal, tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    path = sites / "demo-gbk.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "refetch_after: 1s\n", encoding="utf-8")
    env = crawl_env(tmp_path, sites, str(tmp_path / "archive"))
    store = FileStore(tmp_path / "archive")
    assert scrapy_crawl("demo-gbk", env).returncode == 0
    count = len(clean_records(store, "demo-gbk"))
    time.sleep(1.0)  # every capture is now older than refetch_after, however fast the next start
    start = len(portal.requests)
    proc = scrapy_crawl("demo-gbk", env)
    assert proc.returncode == 0
    fetched = article_requests(portal, start, "demo-gbk")
    assert sorted(fetched) == sorted(request_target(u) for u in portal.article_urls("demo-gbk")), \
        proc.stderr[-3000:]
    assert len(clean_records(store, "demo-gbk")) == count
    second = max(runs(store), key=lambda r: r["started_at"])
    assert second["stats"]["difang/dedupe/unchanged"] == count
    # each dropped item is one line: its URL, the stage, the reason; never the item (its page bytes)
    dropped = [line for line in proc.stderr.splitlines() if "Dropped " in line]
    assert len(dropped) == count, dropped
    assert all(re.search(r"Dropped http://\S+ at DedupePipeline: unchanged since its last capture$", line)
               for line in dropped), dropped
    assert max(map(len, proc.stderr.splitlines())) < 2000
