"""Raw capture of rendered pages: what the browser was served, plus the DOM it built.

scrapy-playwright hands Scrapy the rendered DOM as the response body, so the ordinary capture
(crawler.middlewares.warc_capture) would store a document no server ever sent. Instead, while the
page is still open, :class:`BrowserExchanges` keeps the browser's own network exchanges — the main
document (with any redirects) and the XHR/fetch responses its scripts made — and this middleware
writes them as WARC ``response`` records, followed by the DOM as a ``conversion`` record that
refers to the document's response record. The ordinary capture is then skipped (RENDERED_META).

"As served", inside a browser: the browser has already decoded any Content-Encoding, so the stored
payload is the decoded body; the header is kept as ``X-Archive-Orig-Content-Encoding`` (and a
Content-Length that no longer matches as ``X-Archive-Orig-Content-Length``) so WARC readers do not
try to decode the payload again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from core.items import RawPointer
from crawler.middlewares.warc_capture import CAPTURED_META, DIGEST_META, RAW_META, RENDERED_META, REVISIT_META
from storage.extension import ArchiveSession
from storage.warc import WarcWriter, payload_digest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BrowserExchange:
    """One request the browser made and the response it got, ready for a WARC record."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    payload: bytes
    ip_address: str | None
    is_document: bool  # the page itself (a main-frame navigation), not something it loaded
    when: datetime


def served_headers(headers: list[tuple[str, str]], payload: bytes) -> list[tuple[str, str]]:
    """Response headers that describe ``payload`` as the browser gives it (decoded, complete)."""
    out: list[tuple[str, str]] = []
    for name, value in headers:
        lower = name.lower()
        stale = (lower == "content-encoding" and value.strip().lower() not in ("", "identity")
                 or lower == "content-length" and value.strip() != str(len(payload)))
        out.append((f"X-Archive-Orig-{name}" if stale else name, value))
    return out


class BrowserExchanges:
    """Per rendered request: a page ``response`` handler and a page method that reads the bodies.

    Bodies are read in the page method, i.e. after the page has settled and before
    scrapy-playwright closes it (a closed page's bodies are gone).
    """

    META = "difang_browser_exchanges"

    def __init__(self, resource_types: list[str], body_timeout: float) -> None:
        self.resource_types = frozenset(resource_types)
        self.body_timeout = body_timeout
        self.captured: list[BrowserExchange] = []
        self._seen: list[tuple[Any, datetime]] = []
        self._page: Any = None

    def on_response(self, response: Any) -> None:
        try:
            page = response.frame.page
        except Exception:  # a service worker's response belongs to no frame
            return
        if page is not self._page:  # a retried request renders in a new page: start afresh
            self._page, self._seen, self.captured = page, [], []
        if response.request.resource_type in self.resource_types:
            self._seen.append((response, datetime.now(UTC)))

    async def collect(self, page: Any) -> None:
        self.captured = []
        for response, when in self._seen:
            exchange = await self._read(page, response, when)
            if exchange is not None:
                self.captured.append(exchange)

    async def _read(self, page: Any, response: Any, when: datetime) -> BrowserExchange | None:
        from playwright.async_api import Error as PlaywrightError

        request = response.request
        status = response.status
        try:
            payload = b"" if 300 <= status < 400 else await asyncio.wait_for(response.body(), self.body_timeout)
            headers = [(h["name"], h["value"]) for h in await response.headers_array()]
            sent = [(h["name"], h["value"]) for h in await request.headers_array()]
            server = await response.server_addr()
        except (PlaywrightError, TimeoutError) as exc:
            # without its body an exchange cannot be stored as served; the page's DOM still is
            log.info("rendered %s: body of %s not available (%s)", page.url, response.url, exc)
            return None
        return BrowserExchange(
            url=response.url, method=request.method, request_headers=sent,
            request_body=request.post_data_buffer or b"", status=status,
            reason=response.status_text or _reason(status),
            response_headers=served_headers(headers, payload), payload=payload,
            ip_address=server["ipAddress"] if server else None,
            is_document=request.is_navigation_request() and response.frame.parent_frame is None,
            when=when,
        )


@dataclass(frozen=True)
class RenderedCapture:
    """Where a rendered page went: the document's response record (None if the browser did not
    hand it over) and the DOM's conversion record."""

    document: tuple[RawPointer, BrowserExchange] | None
    dom: RawPointer


def archive_rendered(warc: WarcWriter, captured: list[BrowserExchange], url: str, dom: bytes,
                     encoding: str) -> RenderedCapture:
    """Write a rendered page's exchanges as ``response`` records, then its DOM as a ``conversion``
    record referring to the document's response (the crawl's and the probe's one way)."""
    documents: list[tuple[RawPointer, BrowserExchange]] = []
    for exchange in captured:
        pointer = warc.write_exchange(
            exchange.url, method=exchange.method,
            request_headers=[("Host", urlsplit(exchange.url).netloc), *exchange.request_headers],
            request_body=exchange.request_body, status=exchange.status, reason=exchange.reason,
            protocol="HTTP/1.1", response_headers=exchange.response_headers, payload=exchange.payload,
            ip_address=exchange.ip_address, when=exchange.when,
        )
        if exchange.is_document:
            documents.append((pointer, exchange))
    # the page is the last navigation to the URL it ended on (earlier ones are its redirects)
    final = [d for d in documents if d[1].url == url]
    document = final[-1] if final else documents[-1] if documents else None
    pointer = warc.write_conversion(url, payload=dom, content_type=f"text/html; charset={encoding}",
                                    refers_to=document[0]["record_id"] if document else None)
    return RenderedCapture(document, pointer)


class RenderCaptureMiddleware:
    """Downloader middleware just outside the download handler (priority above warc_capture's)."""

    def __init__(self, crawler: Crawler, warc: WarcWriter) -> None:
        self.crawler = crawler
        self.warc = warc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderCaptureMiddleware:
        archive = ArchiveSession.required_by(crawler)
        return cls(crawler, archive.session.warc)

    def process_response(self, request: Request, response: Response) -> Response:
        exchanges = request.meta.get(BrowserExchanges.META)
        if not isinstance(exchanges, BrowserExchanges) or "playwright" not in response.flags:
            return response
        request.meta[RENDERED_META] = True
        encoding = response.encoding if isinstance(response, TextResponse) else "utf-8"
        archived = archive_rendered(self.warc, exchanges.captured, response.url, response.body, encoding)
        if exchanges.captured:
            self._stat("warc/responses", len(exchanges.captured))
            self._stat("warc/payload_bytes", sum(len(e.payload) for e in exchanges.captured))
        document, dom = archived.document, archived.dom
        self._stat("render/pages")
        if document is None:
            # e.g. the server's answer was a download; the DOM is all there is to keep
            log.warning("rendered %s: the document as served was not captured; only its DOM is archived",
                        response.url)
            self._stat("render/raw_missing")
            request.meta[RAW_META] = dom
            request.meta[DIGEST_META] = payload_digest(response.body)
        else:
            request.meta[RAW_META] = document[0]
            request.meta[DIGEST_META] = payload_digest(document[1].payload)
            request.meta[CAPTURED_META] = document[1].when.strftime("%Y-%m-%dT%H:%M:%SZ")
        request.meta[REVISIT_META] = False
        return response

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"difang/{key}", count)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
