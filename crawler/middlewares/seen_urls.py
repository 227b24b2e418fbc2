"""Do not fetch an article again once it is archived (unless the site sets ``refetch_after``).

List pages, feeds and sitemaps are always fetched: that is how new articles are found. Only the
first page of an article is checked; its continuation pages follow it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from pipelines.syndication import SeenUrls, canonicalize_url

log = logging.getLogger(__name__)
SKIP_MESSAGE = "archived already"


class SeenUrlsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "seen.sqlite"
        self.seen: SeenUrls | None = None
        self.textless_tries = crawler.settings.getint("TEXTLESS_TRIES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.seen = SeenUrls(self.path)

    def spider_closed(self) -> None:
        if self.seen is not None:
            self.seen.close()
            self.seen = None

    def process_request(self, request: Request) -> None:
        if self.seen is None or not request.meta.get("difang_article") or request.meta.get("difang_continuation"):
            return None
        site = getattr(self.crawler.spider, "site", None)
        refetch = site.refetch_after if site is not None else None
        url = canonicalize_url(request.url)
        if self.seen.gave_up(url, tries=self.textless_tries):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("difang/dedupe/no_text_given_up")
            raise IgnoreRequest(f"{SKIP_MESSAGE}: {request.url}")
        if self.seen.should_fetch(url, refetch_after_s=refetch, now=time.time()):
            return None
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("difang/dedupe/url_seen")
        raise IgnoreRequest(f"{SKIP_MESSAGE}: {request.url}")
