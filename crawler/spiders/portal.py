"""The one generic spider: a site definition in, article items out.

Discovery from list pages (following pagination up to ``max_depth``), RSS/Atom feeds and sitemaps
(urlset, index, news sitemaps, gzip, ``Sitemap:`` lines of robots.txt). Article pages are the URLs
that match ``article_urls``; an article's own continuation pages are fetched and handed on as one
item. Every failure is logged with its URL and reason and counted under ``difang/errors/``.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from archive.session import CrawlSession
from crawler.items import ArticleItem, FetchedPage
from crawler.middlewares.warc_capture import CAPTURED_META, DIGEST_META, RAW_META, REVISIT_META
from crawler.render import enable_rendering, render_meta
from crawler.sites import SiteDefinition, SiteError, load_site, load_site_file, site_files

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"


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
        self.session: CrawlSession
        self.named_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        folder = settings.get("DIFANG_SITES")
        spider.site = load_site(folder, spider.site_name)
        spider.allowed_domains = sorted(spider.site.hosts)
        spider.named_hosts = _named_hosts(folder) | spider.site.hosts
        if spider.site.render:  # before the engine starts: a missing browser stops the crawl here
            enable_rendering(settings, spider.site.name, spider.site.render, spider.named_hosts)
        spider.session = CrawlSession(
            spider.site.name, archive_url=settings.get("DIFANG_ARCHIVE"),
            home=settings.get("DIFANG_HOME"), warc_max_bytes=settings.getint("WARC_MAX_BYTES"),
            operator=settings.get("WARC_OPERATOR", ""), run_id=settings.get("DIFANG_RUN_ID") or None,
        )
        spider.session.attach(crawler)  # spool cap, upload retries, stop on an unwritable spool
        return spider

    # -- discovery ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        site = self.site
        for url in site.start_urls:
            yield self._request(url, self.parse_list, depth=0)
        for url in site.feeds:
            yield self._request(url, self.parse_feed)
        for url in site.sitemaps:
            yield self._request(url, self.parse_sitemap)

    def _request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        meta = self._render_meta("list") if callback == self.parse_list else None
        return scrapy.Request(url, callback=callback, errback=self.on_error, cb_kwargs=cb_kwargs, meta=meta)

    def _article_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"difang_article": True, **self._render_meta("article")})

    def _render_meta(self, kind: str) -> dict[str, Any]:
        """Browser meta when the site renders this kind of page (``render: true``: list pages)."""
        if self.site.render == "articles" or self.site.render is True and kind == "list":
            return render_meta(self.crawler.settings)
        return {}

    def _route(self, url: str, depth: int) -> Iterator[scrapy.Request]:
        if urlsplit(url).scheme not in ("http", "https"):
            return
        if self.site.is_article(url):
            yield self._article_request(url)
        elif depth < self.site.max_depth and self.site.is_followable(url):
            yield self._request(url, self.parse_list, depth=depth + 1)

    def parse_list(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        if not self._ok(response, "list"):
            return
        self._stat("pages/list")
        if not isinstance(response, TextResponse):
            return
        for href in response.css("a::attr(href), area::attr(href)").getall():
            url = urljoin(response.url, href.strip()).split("#", 1)[0]
            yield from self._route(url, depth)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._ok(response, "feed"):
            return
        self._stat("pages/feed")
        try:
            root = etree.fromstring(response.body, parser=etree.XMLParser(recover=True, resolve_entities=False))
        except etree.XMLSyntaxError as exc:
            self._fail(response.url, "bad_feed", str(exc))
            return
        if root is None:
            self._fail(response.url, "bad_feed", "no XML document")
            return
        links = [el.text.strip() for el in root.iter("item", "{*}item") for el in el.findall("{*}link")
                 if el.text]
        for entry in root.iter(f"{ATOM}entry"):
            for link in entry.findall(f"{ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    links.append(link.get("href", ""))
        for link in links:
            yield from self._route(urljoin(response.url, link), depth=0)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._ok(response, "sitemap"):
            return
        self._stat("pages/sitemap")
        if urlsplit(response.url).path.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield self._request(url, self.parse_sitemap)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except OSError as exc:
                self._fail(response.url, "bad_sitemap", f"gzip: {exc}")
                return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types on garbage
            self._fail(response.url, "bad_sitemap", str(exc))
            return
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if not loc:
                continue
            url = urljoin(response.url, loc)
            if sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap)
            else:
                yield from self._route(url, depth=0)

    # -- articles -------------------------------------------------------------------------------
    def parse_article(self, response: Response, pages: list[FetchedPage] | None = None,
                      rest: list[str] | None = None) -> Iterator[Any]:
        pages = list(pages or [])
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
        pages.append(_page(response))
        if rest is None:
            rest = self._continuations(response)
        if rest:
            yield scrapy.Request(rest[0], callback=self.parse_article, errback=self.on_error,
                                 cb_kwargs={"pages": pages, "rest": rest[1:]},
                                 meta={"difang_article": True, "difang_pages": pages,
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
        pages = request.cb_kwargs.get("pages") if request is not None else None
        if pages:  # the first pages of a multi-page article are still an article
            yield self._item(pages)

    def _fail(self, url: str, kind: str, reason: str) -> None:
        self._stat(f"errors/{kind}")
        level = logging.INFO if kind in ("robots_forbidden", "ignored", "disk_full") else logging.WARNING
        log.log(level, "%s: %s (%s)", url, reason, kind)

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"difang/{key}", count)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        run = self.session.close(stats, reason)
        if not run.get("uploads_complete", True):
            log.error("run %s: some files were not uploaded and wait in the spool", self.session.run_id)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_html(response: Response) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
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


def _named_hosts(folder: str) -> frozenset[str]:
    """Hosts named by any valid site definition (a broken neighbour must not stop this crawl)."""
    hosts: set[str] = set()
    try:
        files = site_files(folder)
    except SiteError:
        return frozenset()
    for path in files:
        try:
            hosts |= load_site_file(path).hosts
        except SiteError:
            continue
    return frozenset(hosts)
