"""Raw capture: every response, as served, into the crawl's WARC files.

Placed closest to the downloader, so it sees the request with all its headers and the body before
HttpCompressionMiddleware decompresses it: the WARC payload is the bytes the server sent. Every
response counts — robots.txt, feeds, sitemaps, list pages, articles, redirects and error pages.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

RAW_META = "difang_raw"


def _pairs(headers: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            out.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return out


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        session = getattr(self.crawler.spider, "session", None)
        if session is None:
            return response
        stats = self.crawler.stats
        assert stats is not None
        pointer = session.warc.write_exchange(
            response.url,
            method=request.method,
            request_headers=[("Host", _host(request.url)), *_pairs(request.headers)],
            request_body=request.body or b"",
            status=response.status,
            reason=_reason(response.status),
            protocol=response.protocol or "HTTP/1.1",
            response_headers=_pairs(response.headers),
            payload=response.body,
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        request.meta[RAW_META] = pointer
        stats.inc_value("difang/warc/responses")
        stats.inc_value("difang/warc/payload_bytes", len(response.body))
        return response


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
