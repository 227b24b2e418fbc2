"""The one generic spider: a site definition in, article items out.

Discovery from list pages (following pagination up to ``max_depth``), RSS/Atom feeds and sitemaps
(urlset, index, news sitemaps, gzip, ``Sitemap:`` lines of robots.txt). Article pages are the URLs
that match ``article_urls``; an article's own continuation pages are fetched and handed on as one
item. Every failure is logged with its URL and reason and counted under ``difang/errors/``.

What one crawl can queue is capped, so a hostile portal cannot take a machine's memory or a
crawl's time: requests per crawl (``PAGE_BUDGET`` or the site's ``max_pages``), links per list
page or feed, URLs per sitemap, sitemap index nesting, pages and bytes per article. A cap that is
hit is counted under ``difang/caps/`` and logged once per page with its URL. An article's earlier
pages wait in the spider, not in the continuation request (a JOBDIR would pickle them again with
every page); a continuation whose earlier pages are gone (a resumed crawl) starts the article over.

A site without ``article_urls`` is crawled by content: every page a list, feed or sitemap links
to is fetched and judged by the extractor (pipelines.verdict: headline, publish time, body of
real length); articles are archived, other pages are read as list pages while ``max_depth``
allows (only those matching ``follow_urls``, if the site gives any). The URL patterns of the
pages recognized as articles are written to the run file (``learned``), for the user to pin.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from core.items import ArticleItem, FetchedPage
from core.sites import MAX_URL_LENGTH, SiteDefinition, SiteError, load_site, named_urls
from crawler.discovery import DiscoveryError, feed_links, sitemap_entries
from crawler.middlewares.address_guard import site_units, unit_of
from crawler.middlewares.warc_capture import CAPTURED_META, DIGEST_META, RAW_META, REVISIT_META
from crawler.probe.links import is_page_url
from crawler.render import enable_rendering, render_meta

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def error_kind(failure: Failure) -> str:
    """A short, stable name for a download failure, used in stats and logs."""
    exc = failure.value
    name = type(exc).__name__
    text = str(exc).lower()
    if "archived already" in text:
        return "seen"
    if "max redirect" in text or "redirect loop" in text:
        return "redirect_loop"
    if "private address" in text:
        return "private_address"
    if "response headers over the cap" in text:
        return "headers_too_large"
    if "robots.txt" in text or name == "IgnoreRequest" and "forbidden by robots" in text:
        return "robots_forbidden"
    if "larger than download max size" in text or "maxsize" in text or name == "CancelledError":
        return "too_large"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return "disk_full"  # the crawl stops on it (spool_unwritable); said once there
    kinds = {
        "DNSLookupError": "dns", "TimeoutError": "timeout", "TCPTimedOutError": "timeout",
        "ConnectionRefusedError": "connection_refused", "ConnectError": "connection_failed",
        "ConnectionLost": "connection_lost", "ResponseNeverReceived": "connection_lost",
        "ResponseFailed": "connection_lost", "IgnoreRequest": "ignored",
    }
    return kinds.get(name, name)


class PortalSpider(scrapy.Spider):
    name = "portal"
    allowed_domains: list[str] = []

    def __init__(self, site: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not site:
            raise SiteError("-a site", "site", "say which site to crawl: scrapy crawl portal -a site=NAME")
        self.site_name = site
        self.site: SiteDefinition
        self.named_hosts: frozenset[str] = frozenset()
        self.named_units: frozenset[str] = frozenset()  # host:port of every site's URLs
        self.page_budget = 0
        self.caps: Caps
        self._asked: set[str] = set()  # URLs requested so far: what the page budget counts
        self._budget_hit = False
        self._long_url_logged = False
        self._partial: dict[str, list[FetchedPage]] = {}  # first URL -> pages of an unfinished article
        self.recognized: list[str] = []  # by content: pages judged articles, and the others
        self.rejected: list[str] = []
        self._article_links = 0  # links to articles (or, by content, to pages to judge) found
        self._scripted_empty: list[str] = []  # list pages whose HTML links no article but runs scripts

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        folder = settings.get("DIFANG_SITES")
        spider.site = load_site(folder, spider.site_name)
        spider.allowed_domains = sorted(spider.site.hosts)
        named = named_urls(folder) + spider.site.urls
        spider.named_hosts = frozenset(h for h in (unit_of(u)[0] for u in named) if h)
        spider.named_units = site_units(named)
        spider.page_budget = spider.site.max_pages or settings.getint("PAGE_BUDGET")
        spider.caps = Caps.from_settings(settings)
        if spider.site.render:  # before the engine starts: a missing browser stops the crawl here
            enable_rendering(settings, spider.site.name, spider.site.render, spider.named_units)
        crawler.signals.connect(spider._hint_rendering, signal=signals.spider_idle)
        # Components are built after the spider, from the settings: the archive session keeps
        # this site's spool (storage.extension).
        settings.set("DIFANG_SITE", spider.site.name, priority="cmdline")
        return spider

    # -- discovery ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        site = self.site
        requests = [
            *(self._request(url, self.parse_list, depth=0) for url in site.start_urls),
            *(self._request(url, self.parse_feed) for url in site.feeds),
            *(self._request(url, self.parse_sitemap, nesting=0) for url in site.sitemaps),
        ]
        for request in requests:
            if request is not None:
                yield request

    def _within_budget(self, url: str) -> bool:
        """Count ``url`` against the crawl's page budget; False once the budget is spent."""
        if url in self._asked:
            return True  # a second link to a queued URL costs nothing (the dupefilter drops it)
        if len(self._asked) >= self.page_budget:
            if not self._budget_hit:
                self._budget_hit = True
                self._cap("page_budget", url, f"page budget of {self.page_budget} requests spent "
                          "(PAGE_BUDGET, or max_pages in the site file): nothing more is queued")
            else:
                self._stat("caps/page_budget")
            return False
        self._asked.add(url)
        return True

    def _request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request | None:
        if not self._within_budget(url):
            return None
        meta = self._render_meta("list") if callback == self.parse_list else None
        return scrapy.Request(url, callback=callback, errback=self.on_error, cb_kwargs=cb_kwargs, meta=meta)

    def _article_request(self, url: str) -> scrapy.Request | None:
        if not self._within_budget(url):
            return None
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"difang_article": True, **self._render_meta("article")})

    def _render_meta(self, kind: str) -> dict[str, Any]:
        """Browser meta when the site renders this kind of page (``render: true``: list pages)."""
        if self.site.render == "articles" or self.site.render is True and kind == "list":
            return render_meta(self.crawler.settings)
        return {}

    def _route(self, url: str, depth: int, listed: bool = False) -> Iterator[scrapy.Request]:
        """Request what a link leads to: an article, a list page to follow, or (a site crawled
        by content) a page to judge. ``listed``: the link comes from a feed or a sitemap."""
        if urlsplit(url).scheme not in ("http", "https"):
            return
        if len(url) > MAX_URL_LENGTH:  # never matched nor fetched; a lost article must show
            self._stat("errors/url_too_long")
            if not self._long_url_logged:
                self._long_url_logged = True
                log.warning("%s…: a link of %d characters (over %d) is not followed; further ones are "
                            "only counted (url_too_long)", url[:200], len(url), MAX_URL_LENGTH)
            return
        if self.site.by_content:
            if self.site.is_followable(url):
                if depth < self.site.max_depth:
                    listing = self._request(url, self.parse_list, depth=depth + 1)
                    if listing is not None:
                        yield listing
            elif is_page_url(url):
                self._article_links += 1
                candidate = self._candidate_request(url, self.site.max_depth + 1 if listed else depth + 1)
                if candidate is not None:
                    yield candidate
            return
        request = None
        if self.site.is_article(url):
            self._article_links += 1
            request = self._article_request(url)
        elif depth < self.site.max_depth and self.site.is_followable(url):
            request = self._request(url, self.parse_list, depth=depth + 1)
        if request is not None:
            yield request

    def _capped(self, links: Iterator[str], cap: int, url: str, what: str) -> Iterator[str]:
        """The first ``cap`` of ``links``; the cap hit is counted and logged with the page's URL."""
        for taken, link in enumerate(links):
            if taken == cap:
                self._cap(what, url, f"more than {cap} {what.replace('_', ' ')}: only the first {cap} taken")
                return
            yield link

    def _candidate_request(self, url: str, depth: int) -> scrapy.Request | None:
        # an archived article is not fetched again (crawler.middlewares.seen_urls): list pages are
        # never recorded as articles, so they still are
        if not self._within_budget(url):
            return None
        return scrapy.Request(url, callback=self.parse_candidate, errback=self.on_error, cb_kwargs={"depth": depth},
                              meta={"difang_article": True, **self._render_meta("article")})

    def parse_candidate(self, response: Response, depth: int) -> Iterator[Any]:
        """A page of a site crawled by content: an article, or (within max_depth) a list page."""
        from pipelines.verdict import page_verdict

        if not self._ok(response, "page"):
            return
        if not _is_html(response):
            self._stat("content/not_html")
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        verdict = page_verdict(response.body, content_type, response.url, self.site.timezone)
        if verdict.is_article:
            self.recognized.append(response.url)
            self._stat("content/articles")
            yield from self.parse_article(response)
            return
        self.rejected.append(response.url)
        self._stat("content/not_articles")
        log.debug("%s: not an article (%s)", response.url, verdict.reason)
        if depth <= self.site.max_depth and not self.site.follow_urls:
            yield from self.parse_list(response, depth)

    def parse_list(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        if not self._ok(response, "list"):
            return
        self._stat("pages/list")
        if not isinstance(response, TextResponse):
            return
        hrefs = (h for h in response.css("a::attr(href), area::attr(href)").getall())
        linked = self._article_links
        for href in self._capped(hrefs, self.caps.links, response.url, "links"):
            url = urljoin(response.url, href.strip()).split("#", 1)[0]
            yield from self._route(url, depth)
        if self._article_links == linked and self.site.render is not True and response.css("script"):
            self._scripted_empty.append(response.url)

    def _hint_rendering(self, spider: scrapy.Spider) -> None:
        """At the end of a crawl that found no article link at all: if list pages came without
        any but run scripts, their scripts most likely fill them (a browser would see the links).
        Said once, with a list page's URL and what to do, and counted as ``needs_render``."""
        if spider is not self or self._article_links or not self._scripted_empty:
            return
        first, count = self._scripted_empty[0], len(self._scripted_empty)
        self._scripted_empty.clear()
        self._stat("errors/needs_render", count)
        log.warning("%s: no article link in the HTML of %d list page(s) of site %s, which run scripts that "
                    "may add them: try render: true in %s (`difang sites probe %s` checks with a browser) "
                    "(needs_render)", first, count, self.site.name, self.site.path or "its site file", first)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._ok(response, "feed"):
            return
        self._stat("pages/feed")
        try:
            links = feed_links(response.body, response.url)
        except DiscoveryError as exc:
            self._fail(response.url, "bad_feed", str(exc))
            return
        for link in self._capped(iter(links), self.caps.links, response.url, "links"):
            yield from self._route(link, depth=0, listed=True)

    def parse_sitemap(self, response: Response, nesting: int = 0) -> Iterator[scrapy.Request]:
        if not self._ok(response, "sitemap"):
            return
        self._stat("pages/sitemap")
        if urlsplit(response.url).path.endswith("/robots.txt"):
            found = sitemap_urls_from_robots(response.body, base_url=response.url)
            for url in self._capped(iter(found), self.caps.sitemap_entries, response.url, "sitemap_entries"):
                request = self._request(url, self.parse_sitemap, nesting=nesting)
                if request is not None:
                    yield request
            return
        try:
            sitemap = sitemap_entries(response.body, response.url)
        except DiscoveryError as exc:
            self._fail(response.url, "sitemap_too_large" if exc.kind == "too_large" else "bad_sitemap", str(exc))
            return
        if sitemap.is_index and nesting >= self.caps.sitemap_depth:
            self._cap("sitemap_depth", response.url, f"a sitemap index nested {nesting} deep "
                      f"(MAX_SITEMAP_DEPTH={self.caps.sitemap_depth}): its sitemaps are not read")
            return
        for url in self._capped(iter(sitemap.urls), self.caps.sitemap_entries, response.url, "sitemap_entries"):
            if sitemap.is_index:
                request = self._request(url, self.parse_sitemap, nesting=nesting + 1)
                if request is not None:
                    yield request
            else:
                yield from self._route(url, depth=0, listed=True)

    # -- articles -------------------------------------------------------------------------------
    def parse_article(self, response: Response, first: str | None = None,
                      rest: list[str] | None = None) -> Iterator[Any]:
        self._article_links += 1  # reached, if not linked by this process (a crawl resumed from its JOBDIR)
        pages: list[FetchedPage] = []
        if first is not None:  # a continuation page: the article's earlier pages wait in the spider
            if first not in self._partial:  # a resumed crawl lost them: start the article over
                request = self._article_request(first)
                if request is not None:
                    yield request.replace(dont_filter=True)
                return
            pages = self._partial.pop(first)
        if not self._ok(response, "article"):
            if pages:  # a lost continuation page: keep what we have
                yield self._item(pages)
            return
        if not _is_html(response):
            ctype = (response.headers.get("Content-Type") or b"").decode("latin-1") or "none"
            self._fail(response.url, "non_html", f"Content-Type {ctype}")
            if pages:
                yield self._item(pages)
            return
        from pipelines.text.binary import binary_kind

        binary = binary_kind(response.body)
        if binary is not None:  # an image or archive served as text/html is no article
            self._fail(response.url, "binary_body", f"{binary} served as {_content_type(response) or 'HTML'}")
            if pages:
                yield self._item(pages)
            return
        pages.append(_page(response))
        if rest is None:
            rest = self._continuations(response)
        size = sum(len(page["body"]) for page in pages)
        if rest and (len(pages) >= self.caps.article_pages or size >= self.caps.article_bytes):
            self._cap("article_pages", pages[0]["url"],
                      f"article has more than {len(pages)} pages or {size} bytes (MAX_ARTICLE_PAGES="
                      f"{self.caps.article_pages}, MAX_ARTICLE_BYTES={self.caps.article_bytes}): "
                      "archived with the pages fetched so far")
            rest = []
        if rest:
            self._partial[pages[0]["url"]] = pages
            yield scrapy.Request(rest[0], callback=self.parse_article, errback=self.on_error,
                                 cb_kwargs={"first": pages[0]["url"], "rest": rest[1:]}, dont_filter=True,
                                 meta={"difang_article": True, "difang_continuation": True,
                                       **self._render_meta("article")})
            return
        yield self._item(pages)

    def _continuations(self, response: Response) -> list[str]:
        from pipelines.article import article_page_links

        if not isinstance(response, TextResponse):
            return []
        try:
            links = article_page_links(response.text, response.url)
        except Exception as exc:  # a broken page must not lose the article itself
            log.warning("pagination of %s not read: %s", response.url, exc)
            return []
        return [u for u in links if u != response.url and urlsplit(u).hostname in self.site.hosts][:50]

    def _item(self, pages: list[FetchedPage]) -> ArticleItem:
        self._stat("articles/found")
        first = pages[0]
        return ArticleItem(
            site=self.site.name, url=first["url"], final_url=first["final_url"],
            fetched_at=first["captured_at"],  # so `difang rebuild` makes the same record
            pages=pages, raw=first["raw"],
        )

    # -- failures -------------------------------------------------------------------------------
    def _ok(self, response: Response, what: str) -> bool:
        if 200 <= response.status < 300:
            return True
        self._fail(response.url, f"http_{response.status}", f"{what} page answered HTTP {response.status}")
        return False

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind = error_kind(failure)
        if kind == "seen":  # not an error: counted as difang/dedupe/url_seen
            return
        self._fail(url, kind, str(failure.value) or type(failure.value).__name__)
        first = request.cb_kwargs.get("first") if request is not None else None
        pages = self._partial.pop(first, None) if first else None
        if pages:  # the first pages of a multi-page article are still an article
            yield self._item(pages)

    def _fail(self, url: str, kind: str, reason: str) -> None:
        self._stat(f"errors/{kind}")
        level = logging.INFO if kind in ("robots_forbidden", "ignored", "disk_full") else logging.WARNING
        log.log(level, "%s: %s (%s)", url, reason, kind)

    def _cap(self, what: str, url: str, reason: str) -> None:
        self._stat(f"caps/{what}")
        log.warning("%s: %s (cap %s)", url, reason, what)

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"difang/{key}", count)

    def run_details(self) -> dict[str, Any] | None:
        """What the archive session writes into the run file besides the stats."""
        return self._learned() if self.site.by_content else None

    def _learned(self) -> dict[str, Any]:
        """The URL patterns of the pages recognized as articles (none of the others matches)."""
        from crawler.probe.probe import scope_of
        from crawler.probe.urlshapes import learn_patterns

        scopes = {scope_of(u) for u in self.site.start_urls}
        scope = scopes.pop() if len(scopes) == 1 else "/"
        patterns = learn_patterns(self.recognized, self.rejected, scope)
        if patterns:
            log.info("site %s: articles recognized by content match article_urls %s: pin them in %s",
                     self.site.name, patterns, self.site.path)
        return {"learned": {"article_urls": patterns, "articles": len(self.recognized),
                            "not_articles": len(self.rejected)}}



@dataclass(frozen=True)
class Caps:
    """What one page or one article may add to a crawl (the settings of the same names)."""

    links: int
    sitemap_entries: int
    sitemap_depth: int
    article_pages: int
    article_bytes: int

    @classmethod
    def from_settings(cls, settings: Any) -> Caps:
        return cls(links=settings.getint("MAX_LINKS_PER_PAGE"),
                   sitemap_entries=settings.getint("MAX_SITEMAP_ENTRIES"),
                   sitemap_depth=settings.getint("MAX_SITEMAP_DEPTH"),
                   article_pages=settings.getint("MAX_ARTICLE_PAGES"),
                   article_bytes=settings.getint("MAX_ARTICLE_BYTES"))

def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()


def _is_html(response: Response) -> bool:
    ctype = _content_type(response)
    if ctype:
        return ctype in HTML_TYPES
    return b"<html" in response.body[:2048].lower()


def _page(response: Response) -> FetchedPage:
    headers = {k.decode("latin-1").lower(): v[-1].decode("latin-1") for k, v in response.headers.items() if v}
    return FetchedPage(
        url=(response.meta.get("redirect_urls") or [response.url])[0],
        final_url=response.url, status=response.status, headers=headers, body=response.body,
        raw=response.meta.get(RAW_META), revisit=bool(response.meta.get(REVISIT_META)),
        digest=response.meta.get(DIGEST_META, ""),
        captured_at=response.meta.get(CAPTURED_META) or _now(),
        text="", encoding="", encoding_declared=None,
    )

