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
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
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

from crawler.items import ArticleItem, FetchedPage
from crawler.middlewares.address_guard import site_units, unit_of
from crawler.middlewares.warc_capture import CAPTURED_META, DIGEST_META, RAW_META, REVISIT_META
from crawler.render import enable_rendering, render_meta
from crawler.sites import MAX_URL_LENGTH, SiteDefinition, SiteError, load_site, load_site_file, site_files

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
    if "response headers over the cap" in text:
        return "headers_too_large"
    if "robots.txt" in text or name == "IgnoreRequest" and "forbidden by robots" in text:
        return "robots_forbidden"
    if "larger than download max size" in text or "maxsize" in text or name == "CancelledError":
        return "too_large"
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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        folder = settings.get("DIFANG_SITES")
        spider.site = load_site(folder, spider.site_name)
        spider.allowed_domains = sorted(spider.site.hosts)
        named = _named_urls(folder) + spider.site.urls
        spider.named_hosts = frozenset(h for h in (unit_of(u)[0] for u in named) if h)
        spider.named_units = site_units(named)
        spider.page_budget = spider.site.max_pages or settings.getint("PAGE_BUDGET")
        spider.caps = Caps.from_settings(settings)
        if spider.site.render:  # before the engine starts: a missing browser stops the crawl here
            enable_rendering(settings, spider.site.name, spider.site.render, spider.named_units)
        # Components are built after the spider, from the settings: the archive session keeps
        # this site's spool (crawler.extensions.archive_session).
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

    def _route(self, url: str, depth: int) -> Iterator[scrapy.Request]:
        if urlsplit(url).scheme not in ("http", "https"):
            return
        if len(url) > MAX_URL_LENGTH:  # never matched nor fetched; a lost article must show
            self._stat("errors/url_too_long")
            if not self._long_url_logged:
                self._long_url_logged = True
                log.warning("%s…: a link of %d characters (over %d) is not followed; further ones are "
                            "only counted (url_too_long)", url[:200], len(url), MAX_URL_LENGTH)
            return
        request = None
        if self.site.is_article(url):
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

    def parse_list(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        if not self._ok(response, "list"):
            return
        self._stat("pages/list")
        if not isinstance(response, TextResponse):
            return
        hrefs = (h for h in response.css("a::attr(href), area::attr(href)").getall())
        for href in self._capped(hrefs, self.caps.links, response.url, "links"):
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
        for link in self._capped(iter(links), self.caps.links, response.url, "links"):
            yield from self._route(urljoin(response.url, link), depth=0)

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
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except OSError as exc:
                self._fail(response.url, "bad_sitemap", f"gzip: {exc}")
                return
            except ValueError as exc:  # over max_size: a decompression bomb, or a sitemap far too big
                self._fail(response.url, "sitemap_too_large", f"gzip: {exc}")
                return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types on garbage
            self._fail(response.url, "bad_sitemap", str(exc))
            return
        if sitemap.type == "sitemapindex" and nesting >= self.caps.sitemap_depth:
            self._cap("sitemap_depth", response.url, f"a sitemap index nested {nesting} deep "
                      f"(MAX_SITEMAP_DEPTH={self.caps.sitemap_depth}): its sitemaps are not read")
            return
        locs = (entry.get("loc", "").strip() for entry in sitemap)
        for loc in self._capped((loc for loc in locs if loc), self.caps.sitemap_entries, response.url,
                                "sitemap_entries"):
            url = urljoin(response.url, loc)
            if sitemap.type == "sitemapindex":
                request = self._request(url, self.parse_sitemap, nesting=nesting + 1)
                if request is not None:
                    yield request
            else:
                yield from self._route(url, depth=0)

    # -- articles -------------------------------------------------------------------------------
    def parse_article(self, response: Response, first: str | None = None,
                      rest: list[str] | None = None) -> Iterator[Any]:
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
        level = logging.INFO if kind in ("robots_forbidden", "ignored") else logging.WARNING
        log.log(level, "%s: %s (%s)", url, reason, kind)

    def _cap(self, what: str, url: str, reason: str) -> None:
        self._stat(f"caps/{what}")
        log.warning("%s: %s (cap %s)", url, reason, what)

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"difang/{key}", count)


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


def _named_urls(folder: str) -> list[str]:
    """URLs named by any valid site definition (a broken neighbour must not stop this crawl)."""
    urls: list[str] = []
    try:
        files = site_files(folder)
    except SiteError:
        return []
    for path in files:
        try:
            urls += load_site_file(path).urls
        except SiteError:
            continue
    return urls
