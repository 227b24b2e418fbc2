"""The crawl's components as Scrapy builds them (``get_crawler``, the project's own settings).

The archive session is an extension built from settings; the capture and seen-URL middlewares and
the dedupe and archive stages get it, and its one seen-URL store, in their own ``from_crawler``.
``ARCHIVE_ENABLED=False`` switches all of it off and leaves DIFANG_HOME and the archive untouched;
the item that leaves the last stage is the clean record either way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.pipelines import ItemPipelineManager
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

import crawler.settings as project
from core.items import ArticleItem
from core.record import FIELDS
from crawler.middlewares.render_capture import RenderCaptureMiddleware
from crawler.middlewares.seen_urls import SeenUrlsMiddleware
from crawler.middlewares.warc_capture import WarcCaptureMiddleware
from crawler.spiders.portal import PortalSpider, _page
from pipelines.dedupe import DedupePipeline
from pipelines.persist import PersistPipeline
from pipelines.record import CleanRecordPipeline
from pipelines.syndication import canonicalize_url
from storage.extension import ArchiveSession
from storage.seen import SeenUrls
from storage.store import FileStore

ROOT = Path(__file__).resolve().parents[2]
SITE = "leshan"
URL = "http://127.0.0.9:8701/2026-03/01/content_1.htm"
PAGE = ("<html><head><meta charset='utf-8'><title>乐山大佛景区游客回升_乐山新闻网</title></head><body>"
        "<div class='article'>" + "".join(f"<p>乐山大佛景区第{i}段：入春以来游客明显回升，景区增开了"
                                          "渡船班次，沿江步道也修缮一新，市民说周末带孩子来很方便。</p>"
                                          for i in range(6)) + "</div></body></html>").encode("utf-8")
T = TypeVar("T")


def project_crawler(tmp_path: Path, **overrides: Any) -> Crawler:
    """A crawler with crawler/settings.py as a crawl has it (the reactor left to get_crawler)."""
    values = {k: getattr(project, k) for k in dir(project) if k.isupper() and not k.startswith("TWISTED")}
    values.update(DIFANG_HOME=str(tmp_path / "home"), DIFANG_ARCHIVE=str(tmp_path / "archive"),
                  DIFANG_SITE=SITE, SUMMARY_INTERVAL=0, DIFANG_RUN_ID="")
    values.update(overrides)
    return get_crawler(Spider, values)


def only(components: Any, kind: type[T]) -> T | None:
    found = [c for c in components if isinstance(c, kind)]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def seen_opens(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every seen-URL store opened in this test (the real one, opened as before)."""
    opened: list[Path] = []
    real_init = SeenUrls.__init__

    def counting(self: SeenUrls, path: str | os.PathLike[str]) -> None:
        opened.append(Path(path))
        real_init(self, path)

    monkeypatch.setattr(SeenUrls, "__init__", counting)
    return opened


@pytest.fixture
def built(tmp_path: Path, seen_opens: list[Path]) -> Iterator[tuple[Crawler, ArchiveSession, Any, Any]]:
    crawler = project_crawler(tmp_path)
    archive = crawler.get_extension(ArchiveSession)
    assert archive is not None
    downloader = DownloaderMiddlewareManager.from_crawler(crawler)
    pipelines = ItemPipelineManager.from_crawler(crawler)
    yield crawler, archive, downloader.middlewares, pipelines.middlewares
    archive.spider_closed("finished")  # idempotent: releases the spool lock


def test_one_seen_store_handed_to_every_component(built: tuple[Crawler, ArchiveSession, Any, Any],
                                                  seen_opens: list[Path], tmp_path: Path) -> None:
    _, archive, downloader, pipelines = built
    users = [only(downloader, SeenUrlsMiddleware), only(downloader, WarcCaptureMiddleware),
             only(pipelines, DedupePipeline), only(pipelines, PersistPipeline)]
    assert all(u is not None for u in users)
    assert all(u.seen is archive.seen for u in users)  # type: ignore[union-attr]
    assert seen_opens == [tmp_path / "home" / "seen.sqlite"]  # once per crawl, not once per component
    capture, render = only(downloader, WarcCaptureMiddleware), only(downloader, RenderCaptureMiddleware)
    assert capture is not None and render is not None
    assert capture.warc is archive.session.warc and render.warc is archive.session.warc
    assert type(pipelines[-1]) is CleanRecordPipeline  # the last stage


def test_spool_settings_reach_the_session(tmp_path: Path) -> None:
    crawler = project_crawler(tmp_path, SPOOL_MAX_BYTES="123456", SPOOL_CLOSE_TIMEOUT=7,
                              SPOOL_RETRY_MAX_DELAY=3, WARC_MAX_BYTES=99999)
    archive = crawler.get_extension(ArchiveSession)
    assert archive is not None
    try:
        session = archive.session
        assert (session.max_spool_bytes, session.close_timeout, session.uploader.max_backoff) == (123456, 7, 3)
        assert session.warc.max_bytes == 99999 and session.site == SITE
    finally:
        archive.spider_closed("finished")


def captured(downloader: Any, url: str = URL, site: str = SITE) -> Any:
    """An article page through the downloader middlewares' capture: the item the spider makes."""
    request = Request(url, meta={"difang_article": True})
    response = HtmlResponse(url, body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"},
                            request=request)
    for mw in reversed(downloader):  # the order process_response runs in
        if hasattr(mw, "process_response"):
            response = mw.process_response(request, response)
    page = _page(response)
    return ArticleItem(site=site, url=url, final_url=url, fetched_at=page["captured_at"], pages=[page],
                       raw=page["raw"])


def through(pipelines: Any, item: Any) -> list[dict[str, Any]]:
    """An item through every pipeline stage: the record that leaves, or none if one dropped it."""
    for stage in pipelines:
        getattr(stage, "open_spider", lambda: None)()
    out = []
    for stage in pipelines:
        try:
            item = stage.process_item(item)
        except DropItem:
            item = None
            break
    if item is not None:
        out.append(item)
    for stage in pipelines:
        getattr(stage, "close_spider", lambda: None)()
    return out


def article_through(downloader: Any, pipelines: Any, url: str = URL) -> list[dict[str, Any]]:
    """One article page through the downloader middlewares' capture and every pipeline stage."""
    return through(pipelines, captured(downloader, url))


def test_archived_article_leaves_as_its_clean_record(built: tuple[Crawler, ArchiveSession, Any, Any],
                                                     tmp_path: Path) -> None:
    _, archive, downloader, pipelines = built
    [record] = article_through(downloader, pipelines)
    assert list(record) == list(FIELDS)
    line = json.dumps(record, ensure_ascii=False)  # what a feed export writes
    assert "乐山大佛景区游客回升" in line and record["raw"] is not None
    assert not archive.seen.should_fetch(canonicalize_url(URL), refetch_after_s=None, now=0)  # marked
    archive.spider_closed("finished")
    store = FileStore(tmp_path / "archive")
    [clean_key] = store.list("clean/")
    assert json.loads(store.get(clean_key)) == record  # the feed's record is the archive's
    [run_key] = store.list("runs/")
    assert json.loads(store.get(run_key))["articles"] == 1
    assert any(k.endswith(".warc.gz") for k in store.list("raw/"))


def test_archive_off_is_a_dry_run(tmp_path: Path, seen_opens: list[Path]) -> None:
    crawler = project_crawler(tmp_path, ARCHIVE_ENABLED=False)
    assert crawler.get_extension(ArchiveSession) is None
    downloader = DownloaderMiddlewareManager.from_crawler(crawler).middlewares
    pipelines = ItemPipelineManager.from_crawler(crawler).middlewares
    for kind in (WarcCaptureMiddleware, RenderCaptureMiddleware, SeenUrlsMiddleware):
        assert only(downloader, kind) is None
    assert only(pipelines, PersistPipeline) is None
    dedupe = only(pipelines, DedupePipeline)
    assert dedupe is not None and dedupe.seen is None and dedupe.filing is False
    [record] = article_through(downloader, pipelines)
    assert list(record) == list(FIELDS) and record["raw"] is None
    assert record["cluster_id"] == record["id"] and record["duplicate_of"] is None
    assert seen_opens == []
    assert not (tmp_path / "archive").exists()
    assert not (tmp_path / "home").exists()  # no spool, seen store, dedupe index or decorations


def test_dry_run_reads_the_dedupe_index_without_filing(tmp_path: Path) -> None:
    # a crawl files the article; a dry run of a copy of it sees the cluster and files nothing
    crawler = project_crawler(tmp_path)
    archive = crawler.get_extension(ArchiveSession)
    assert archive is not None
    article_through(DownloaderMiddlewareManager.from_crawler(crawler).middlewares,
                    ItemPipelineManager.from_crawler(crawler).middlewares)
    archive.spider_closed("finished")
    index = tmp_path / "home" / "dedupe.sqlite"
    before = index.stat().st_mtime_ns, index.stat().st_size
    dry = project_crawler(tmp_path, ARCHIVE_ENABLED=False)
    [record] = article_through(DownloaderMiddlewareManager.from_crawler(dry).middlewares,
                               ItemPipelineManager.from_crawler(dry).middlewares,
                               URL.replace("content_1", "content_2"))  # the same story, another URL
    assert record["duplicate_of"] is not None and record["cluster_id"] != record["id"]
    assert (index.stat().st_mtime_ns, index.stat().st_size) == before


def test_a_page_two_sites_fetched_at_once_is_archived_once(tmp_path: Path) -> None:
    # Two sites' crawls fetch one page before either has archived it (so neither capture is a
    # revisit of the other): the first to file it archives it, the other drops its copy.
    crawlers = [project_crawler(tmp_path), project_crawler(tmp_path, DIFANG_SITE="other")]
    sessions = [crawler.get_extension(ArchiveSession) for crawler in crawlers]
    try:
        parts = [(DownloaderMiddlewareManager.from_crawler(c).middlewares,
                  ItemPipelineManager.from_crawler(c).middlewares) for c in crawlers]
        late = captured(parts[1][0], site="other")
        [record] = article_through(*parts[0])
        assert record["site"] == SITE
        assert through(parts[1][1], late) == []
        assert crawlers[1].stats.get_value("difang/dedupe/filed_by_other_site") == 1
    finally:
        for session in sessions:
            assert session is not None
            session.spider_closed("finished")
    assert [k.split("/")[1] for k in FileStore(tmp_path / "archive").list("clean/")] == [f"site={SITE}"]


def test_seen_urls_switch(tmp_path: Path) -> None:
    crawler = project_crawler(tmp_path, SEEN_URLS_ENABLED=False)
    archive = crawler.get_extension(ArchiveSession)
    assert archive is not None
    try:
        downloader = DownloaderMiddlewareManager.from_crawler(crawler).middlewares
        assert only(downloader, SeenUrlsMiddleware) is None
        assert only(downloader, WarcCaptureMiddleware) is not None
    finally:
        archive.spider_closed("finished")


def test_a_spider_without_a_site_archives_nothing(tmp_path: Path) -> None:
    crawler = project_crawler(tmp_path, DIFANG_SITE="")  # e.g. scrapy shell's default spider
    assert crawler.get_extension(ArchiveSession) is None
    assert only(DownloaderMiddlewareManager.from_crawler(crawler).middlewares, WarcCaptureMiddleware) is None


def portal_spider(tmp_path: Path) -> PortalSpider:
    """The spider as a crawl builds it for a site file in ``tmp_path`` (settings not frozen yet),
    with the stats collector the crawl makes before the extensions."""
    sites = tmp_path / "sites"
    sites.mkdir(exist_ok=True)
    (sites / f"{SITE}.yaml").write_text(
        f"name: {SITE}\nstart_urls: [http://127.0.0.9:8701/news/]\narticle_urls: ['/content_\\d+\\.htm$']\n",
        encoding="utf-8")
    values = Settings()
    values.setmodule(project, priority="project")
    values.setdict({"DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp_path / "home"),
                    "DIFANG_ARCHIVE": str(tmp_path / "archive")}, priority="cmdline")
    crawler = Crawler(PortalSpider, values)
    spider = PortalSpider.from_crawler(crawler, site=SITE)
    crawler.stats = MemoryStatsCollector(crawler)
    return spider


def test_portal_spider_names_its_site_for_the_components(tmp_path: Path) -> None:
    crawler = portal_spider(tmp_path).crawler
    assert crawler.settings["DIFANG_SITE"] == SITE
    archive = ArchiveSession.from_crawler(crawler)
    try:
        assert archive.session.spool == tmp_path / "home" / "spool" / SITE
    finally:
        archive.spider_closed("finished")


def test_environment_is_read_in_the_settings_module(tmp_path: Path) -> None:
    code = ("import crawler.settings as s; print(s.SPOOL_MAX_BYTES, repr(s.DIFANG_CHROMIUM_SANDBOX), "
            "s.DIFANG_HOME)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIFANG_")}
    default = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True).stdout.split()
    assert default == [str(5 << 30), "''", "./var"]
    env.update(DIFANG_SPOOL_MAX_BYTES="4096", DIFANG_CHROMIUM_SANDBOX="0", DIFANG_HOME=str(tmp_path))
    given = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    assert given == ["4096", "'0'", str(tmp_path)]


def html(url: str, body: str | bytes) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode("utf-8") if isinstance(body, str) else body, request=Request(url),
                        headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.mark.parametrize("article_reached", [False, True])
def test_the_render_hint_counts_an_article_reached_without_a_link(tmp_path: Path, article_reached: bool) -> None:
    # A crawl resumed from its JOBDIR fetches queued articles no list page of this process linked:
    # a scripted empty list page it parses then is no sign that scripts fill the lists.
    spider = portal_spider(tmp_path)
    scripted_empty = "<html><head><script src='/app.js'></script></head><body><ul id='list'></ul></body></html>"
    assert list(spider.parse_list(html("http://127.0.0.9:8701/news/list_2.html", scripted_empty), depth=1)) == []
    if article_reached:
        assert len(list(spider.parse_article(html("http://127.0.0.9:8701/news/content_7.htm", PAGE)))) == 1
    spider._hint_rendering(spider)
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value("difang/errors/needs_render") == (None if article_reached else 1)
