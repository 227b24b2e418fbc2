"""Which requests of a site go through the browser, and with which page settings."""

from __future__ import annotations

import asyncio
import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.middlewares.render_capture import BrowserExchanges, served_headers
from crawler.render import HANDLER, PageSettled
from crawler.spiders.portal import PortalSpider

SITE = {
    "name": "xikou", "title": "溪口融媒", "start_urls": ["http://127.0.0.5:8701/news/list_1.html"],
    "article_urls": [r"/article/\d+\.html$"], "follow_urls": [r"/news/list_\d+\.html$"],
}


def spider_for(tmp_path: Path, render: bool | str, **settings: Any) -> PortalSpider:
    sites = tmp_path / "sites"
    sites.mkdir(exist_ok=True)
    (sites / "xikou.yaml").write_text(yaml.safe_dump({**SITE, "render": render}, allow_unicode=True),
                                      encoding="utf-8")
    values = Settings()
    values.setmodule(project_settings, priority="project")
    values.setdict({
        "DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp_path / "home"),
        "DIFANG_ARCHIVE": str(tmp_path / "archive"), "DIFANG_CHROMIUM": "/bin/sh", **settings,
    }, priority="cmdline")
    crawler = Crawler(PortalSpider, values)  # settings not frozen yet, as in a real crawl
    spider: PortalSpider = PortalSpider.from_crawler(crawler, site="xikou")
    return spider


def test_plain_site_gets_no_browser(tmp_path: Path) -> None:
    spider = spider_for(tmp_path, False)
    handlers = spider.crawler.settings.getdict("DOWNLOAD_HANDLERS")
    assert handlers == {"http": "crawler.http_limits.HeaderCappedDownloadHandler",
                        "https": "crawler.http_limits.HeaderCappedDownloadHandler"}
    assert spider.crawler.settings.get("PLAYWRIGHT_LAUNCH_OPTIONS") is None
    assert "playwright" not in spider._request("http://127.0.0.5:8701/news/list_1.html", spider.parse_list,
                                               depth=0).meta
    assert "playwright" not in spider._article_request("http://127.0.0.5:8701/article/1.html").meta


@pytest.mark.parametrize(("render", "articles_too"), [(True, False), ("articles", True)])
def test_render_site_lists_and_articles(tmp_path: Path, render: bool | str, articles_too: bool) -> None:
    spider = spider_for(tmp_path, render)
    assert spider.crawler.settings.getdict("DOWNLOAD_HANDLERS")["http"] == HANDLER
    listing = spider._request("http://127.0.0.5:8701/news/list_1.html", spider.parse_list, depth=0)
    assert listing.meta["playwright"] is True
    assert listing.meta["playwright_page_goto_kwargs"] == {"wait_until": "load", "timeout": 30_000}
    settle, collect = listing.meta["playwright_page_methods"]
    assert isinstance(settle.method, PageSettled) and settle.method.selector == ""  # network idle
    assert collect.method == listing.meta[BrowserExchanges.META].collect
    feed = spider._request("http://127.0.0.5:8701/rss.xml", spider.parse_feed)
    assert "playwright" not in feed.meta
    article = spider._article_request("http://127.0.0.5:8701/article/1.html")
    assert article.meta["difang_article"] is True
    assert bool(article.meta.get("playwright")) is articles_too
    other = spider._request("http://127.0.0.5:8701/news/list_2.html", spider.parse_list, depth=1)
    assert other.meta[BrowserExchanges.META] is not listing.meta[BrowserExchanges.META]


class FakePage:
    url = "http://127.0.0.5:8701/news/list_1.html"

    def __init__(self, settles: bool) -> None:
        self.settles = settles
        self.calls: list[tuple[str, Any, Any]] = []

    async def wait_for_load_state(self, state: str, timeout: float) -> None:
        self.calls.append(("load_state", state, timeout))
        self._maybe_time_out()

    async def wait_for_selector(self, selector: str, state: str, timeout: float) -> None:
        self.calls.append(("selector", selector, timeout))
        self._maybe_time_out()

    def _maybe_time_out(self) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        if not self.settles:
            raise PlaywrightTimeout("Timeout 5000ms exceeded.")


def test_wait_selector_replaces_network_idle(tmp_path: Path) -> None:
    spider = spider_for(tmp_path, True, RENDER_WAIT_SELECTOR="#news-list[data-loaded]", RENDER_PAGE_TIMEOUT=5)
    meta = spider._request("http://127.0.0.5:8701/news/list_1.html", spider.parse_list, depth=0).meta
    assert meta["playwright_page_goto_kwargs"] == {"wait_until": "load", "timeout": 5000}
    page = FakePage(settles=True)
    asyncio.run(meta["playwright_page_methods"][0].method(page))
    assert page.calls == [("selector", "#news-list[data-loaded]", 5000)]
    page = FakePage(settles=True)
    asyncio.run(PageSettled("", 5000)(page))
    assert page.calls == [("load_state", "networkidle", 5000)]


@pytest.mark.parametrize("selector", ["", "#news-list[data-loaded]"])
def test_a_page_that_never_settles_is_kept(selector: str, caplog: pytest.LogCaptureFixture) -> None:
    page = FakePage(settles=False)
    asyncio.run(PageSettled(selector, 5000)(page))  # no exception: the page is archived as it is
    (message,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert message.startswith(f"rendered {FakePage.url}: ") and "not reached within 5 s" in message


def test_render_requests_survive_a_disk_queue(tmp_path: Path) -> None:
    """JOBDIR pickles queued requests: the page hooks must still reach the request's own collector."""
    spider = spider_for(tmp_path, True)
    meta = pickle.loads(pickle.dumps(spider._request("http://127.0.0.5:8701/news/list_1.html",
                                                     spider.parse_list, depth=0).meta))
    exchanges = meta[BrowserExchanges.META]
    assert meta["playwright_page_methods"][-1].method.__self__ is exchanges
    assert meta["playwright_page_event_handlers"]["response"].__self__ is exchanges


def test_served_headers_describe_the_decoded_payload() -> None:
    body = b"<html>" + b"x" * 94
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", "61"),
               ("Vary", "Accept-Encoding")]
    assert served_headers(headers, body) == [
        ("Content-Type", "text/html"), ("X-Archive-Orig-Content-Encoding", "gzip"),
        ("X-Archive-Orig-Content-Length", "61"), ("Vary", "Accept-Encoding")]
    plain = [("Content-Encoding", "identity"), ("Content-Length", "100")]
    assert served_headers(plain, body) == plain
