"""Do not fetch an article again once it is archived (unless the site sets ``refetch_after``).

List pages, feeds and sitemaps are always fetched: that is how new articles are found. Only the
first page of an article is checked; its continuation pages follow it.
"""

from __future__ import annotations

import logging
import time

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from core.sqlite import state_db_unavailable
from pipelines.syndication import canonicalize_url
from storage.extension import ArchiveSession
from storage.seen import SeenUrls

log = logging.getLogger(__name__)
SKIP_MESSAGE = "archived already"


class SeenUrlsMiddleware:
    """On with ``SEEN_URLS_ENABLED`` and the archive (the seen-URL store is the archive's)."""

    def __init__(self, crawler: Crawler, seen: SeenUrls) -> None:
        self.crawler = crawler
        self.seen = seen
        self.textless_tries = crawler.settings.getint("TEXTLESS_TRIES")
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        if not crawler.settings.getbool("SEEN_URLS_ENABLED"):
            raise NotConfigured("SEEN_URLS_ENABLED is off: archived articles are fetched again")
        archive = ArchiveSession.required_by(crawler)
        return cls(crawler, archive.seen)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("difang_article") or request.meta.get("difang_continuation"):
            return None
        site = getattr(self.crawler.spider, "site", None)
        refetch = site.refetch_after if site is not None else None
        url = canonicalize_url(request.url)
        try:
            return self._check(request, url, refetch)
        except Exception as exc:
            if not state_db_unavailable(exc):
                raise
            # the shared history is away (cluster mode): fetch, as a crawl without the history
            # would; the archive itself is not at stake
            if not self.warned:
                self.warned = True
                log.warning("seen-URL history unavailable (%s): articles are fetched without it until it is back",
                            " ".join(str(exc).split()))
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("difang/errors/database_unavailable")
            return None

    def _check(self, request: Request, url: str, refetch: float | None) -> None:
        if self.seen.gave_up(url, tries=self.textless_tries):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("difang/dedupe/no_text_given_up")
            raise IgnoreRequest(f"{SKIP_MESSAGE}: {request.url}")
        if self.seen.should_fetch(url, refetch_after_s=refetch, now=time.time()):
            return None
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("difang/dedupe/url_seen")
        raise IgnoreRequest(f"{SKIP_MESSAGE}: {request.url}")
