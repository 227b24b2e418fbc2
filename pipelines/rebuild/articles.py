"""Articles of one crawl, put together from its WARC captures as the spider put them together.

The spider requests URLs that match the site's ``article_urls`` (a site without them: pages the
extractor judges to be articles, pipelines.verdict), follows redirects, keeps 2xx HTML
answers, and fetches an article's continuation pages (``pipelines.article.article_page_links`` on
its first page) one after the other in the same crawl. Here the same decisions are taken on the
captures: the URL as requested is the start of the redirect chain that ended at the capture, and a
continuation page is the first later capture of its URL in the same crawl.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from core.items import ArticleItem, FetchedPage
from core.limits import DOWNLOAD_MAXSIZE
from core.sites import SiteDefinition
from pipelines.article import article_page_links
from pipelines.rebuild.captures import (
    Capture,
    CaptureError,
    WarcScan,
    record_payload,
    scan_warc,
    undo_content_encoding,
)
from pipelines.text import decode_html
from pipelines.text.binary import binary_kind
from pipelines.verdict import page_verdict
from storage.store import Store

HTML_TYPES = ("text/html", "application/xhtml+xml")  # as the spider's _is_html
MAX_CONTINUATIONS = 50  # as the spider's _continuations
MAX_REDIRECTS = 20  # Scrapy's REDIRECT_MAX_TIMES


@dataclass
class ArticleFailure:
    url: str
    reason: str


class Payloads:
    """The bodies of captures, revisits resolved to the record holding their payload.

    A revisit refers to its record by WARC-Refers-To (the record id) or by target URI and date.
    Records of the crawls read so far are known; one of a crawl outside the requested dates is
    looked for in the WARC files of its date partition.
    """

    def __init__(self, store: Store, site: str, max_body: int = DOWNLOAD_MAXSIZE) -> None:
        self.store = store
        self.site = site
        self.max_body = max_body  # decoded bytes, as the crawl's DOWNLOAD_MAXSIZE
        self.by_id: dict[str, Capture] = {}
        self.by_uri_date: dict[tuple[str, str], Capture] = {}
        self.conversions: dict[str, tuple[Capture, str]] = {}
        self.scanned: set[str] = set()

    def add(self, scan: WarcScan) -> None:
        self.scanned.add(scan.key)
        for capture in scan.captures:
            if not capture.revisit:
                self.by_id[capture.record_id] = capture
                self.by_uri_date[(capture.url, capture.date)] = capture
        for refers_to, conversion in scan.conversions.items():
            p = conversion.pointer
            holder = Capture(p["warc"], p["offset"], p["length"], p["record_id"], "", "", 200, {})
            self.conversions[refers_to] = (holder, conversion.content_type)

    def original(self, capture: Capture) -> Capture:
        """The response record that holds the payload of ``capture``."""
        if not capture.revisit:
            return capture
        found = self._known(capture)
        if found is None and capture.refers_to_date:
            partition = f"raw/site={self.site}/date={capture.refers_to_date[:10]}/"
            for key in sorted(self.store.list(partition)):
                if key.endswith(".warc.gz") and key not in self.scanned:
                    self.add(scan_warc(self.store, key))
            found = self._known(capture)
        if found is None:
            raise CaptureError(f"revisit {capture.record_id} refers to {capture.refers_to or '-'} "
                               f"({capture.refers_to_uri} at {capture.refers_to_date}), which no WARC holds")
        return found

    def _known(self, capture: Capture) -> Capture | None:
        if capture.refers_to and capture.refers_to in self.by_id:
            return self.by_id[capture.refers_to]
        return self.by_uri_date.get((capture.refers_to_uri or "", capture.refers_to_date or ""))

    def body(self, capture: Capture) -> tuple[bytes, str | None]:
        """The body the pipeline would parse, and its Content-Type: the decoded payload of the
        original record, or the rendered DOM where a browser fetched the page."""
        original = self.original(capture)
        if original.record_id in self.conversions:
            holder, content_type = self.conversions[original.record_id]
            return record_payload(self.store, holder.pointer), content_type
        payload = record_payload(self.store, original.pointer)
        body = undo_content_encoding(payload, original.headers.get("content-encoding"), self.max_body)
        return body, capture.headers.get("content-type")


def is_html(content_type: str | None, body: bytes) -> bool:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    return b"<html" in body[:2048].lower()


@dataclass
class CrawlCaptures:
    """The captures of one crawl, in capture order, with the redirects among them."""

    captures: list[Capture]
    redirected_from: dict[int, int] = field(default_factory=dict)  # capture index -> 3xx index
    requested: dict[str, list[int]] = field(default_factory=dict)  # URL as requested -> 2xx indexes

    def __post_init__(self) -> None:
        latest: dict[str, int] = {}  # redirect target -> index of the latest 3xx pointing at it
        for i, capture in enumerate(self.captures):
            if capture.url in latest:
                self.redirected_from[i] = latest.pop(capture.url)
            location = capture.headers.get("location")
            if 300 <= capture.status < 400 and location:
                latest[urljoin(capture.url, location.strip())] = i

    def requested_url(self, index: int) -> str:
        """The URL the spider asked for: the start of the redirect chain ending at ``index``."""
        hops = 0
        while index in self.redirected_from and hops < MAX_REDIRECTS:
            index = self.redirected_from[index]
            hops += 1
        return self.captures[index].url

    def later_capture(self, url: str, after: int, claimed: set[int]) -> int | None:
        """The first 2xx capture requested as ``url`` after capture ``after``, not yet taken."""
        if not self.requested:
            for j in range(len(self.captures)):
                if 200 <= self.captures[j].status < 300:
                    self.requested.setdefault(self.requested_url(j), []).append(j)
        return next((j for j in self.requested.get(url, []) if j > after and j not in claimed), None)


def assemble(crawl: CrawlCaptures, site: SiteDefinition, payloads: Payloads,
             skipped: Counter[str]) -> Iterator[ArticleItem | ArticleFailure]:
    """The article items of one crawl (pages filled, nothing decoded yet), in capture order."""
    wanted = [i for i, c in enumerate(crawl.captures)
              if 200 <= c.status < 300 and (site.by_content or site.is_article(crawl.requested_url(i)))]
    claimed: set[int] = set()
    for i in wanted:
        if i in claimed:
            continue
        capture = crawl.captures[i]
        url = crawl.requested_url(i)
        try:
            first = _page(crawl, i, payloads)
        except CaptureError as exc:
            yield ArticleFailure(url, str(exc))
            continue
        if first is None:
            if not site.by_content:  # by content, every capture is a candidate: robots.txt, feeds too
                skipped["non_html"] += 1
            continue
        if site.by_content and not page_verdict(first["body"], first["headers"].get("content-type"),
                                                first["final_url"], site.timezone).is_article:
            continue
        pages = [first]
        for link in _continuations(first, site):
            found = crawl.later_capture(link, i, claimed)
            try:
                page = _page(crawl, found, payloads) if found is not None else None
            except CaptureError:
                page = None
            if found is None or page is None:  # a lost continuation page: keep what we have, as the spider does
                break
            claimed.add(found)
            pages.append(page)
        yield ArticleItem(site=site.name, url=url, final_url=capture.url, fetched_at=fetch_time(capture.date),
                          pages=pages, raw=first["raw"])


def fetch_time(warc_date: str) -> str:
    """The clean record's ``fetched_at`` (ISO 8601 UTC, seconds) from the capture's WARC-Date."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})", warc_date)
    return f"{match.group(1)}Z" if match else warc_date


def _page(crawl: CrawlCaptures, index: int, payloads: Payloads) -> FetchedPage | None:
    capture = crawl.captures[index]
    if not 200 <= capture.status < 300:
        return None
    body, content_type = payloads.body(capture)  # CaptureError: the caller decides
    if not is_html(content_type, body) or binary_kind(body) is not None:
        return None  # the spider skips both: no article
    headers = dict(capture.headers)
    if content_type:
        headers["content-type"] = content_type
    return FetchedPage(url=crawl.requested_url(index), final_url=capture.url, status=capture.status,
                       headers=headers, body=body, raw=capture.pointer, revisit=capture.revisit,
                       digest="",  # the seen-URL history's; a rebuild does not touch it
                       captured_at=fetch_time(capture.date), text="", encoding="", encoding_declared=None)


def _continuations(page: FetchedPage, site: SiteDefinition) -> list[str]:
    try:
        text = decode_html(page["body"], page["headers"].get("content-type")).text
        links = article_page_links(text, page["final_url"])
    except Exception:  # a broken page must not lose the article itself
        return []
    own = page["final_url"]
    return [u for u in links if u != own and urlsplit(u).hostname in site.hosts][:MAX_CONTINUATIONS]

