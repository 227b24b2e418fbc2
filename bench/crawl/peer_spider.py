"""The peer of the crawl benchmark: an off-the-shelf news archiver from common parts.

What a competent user would put together from Scrapy, warcio, trafilatura and OpenCC: a
downloader middleware next to the downloader writes every response as served (still compressed)
to one WARC file, request + response records gzipped one by one after a warcinfo record; the
spider follows the same links as the floor, extracts each article with trafilatura (defaults,
with metadata), converts title and text to Simplified with OpenCC t2s, and yields a record that
Scrapy's feed export writes as JSON lines (``-O articles.jsonl``). Nothing is tuned either way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import opencc
import trafilatura
from floor_spider import FloorSpider
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from trafilatura.settings import Document
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


class WarcRecorder:
    """Downloader middleware: every request and response into ``PEER_WARC``."""

    def __init__(self, path: str) -> None:
        self.file = Path(path).open("wb")
        self.writer = WARCWriter(self.file, gzip=True, warc_version="WARC/1.1")
        info = {"software": "peer: scrapy + warcio", "format": "WARC File Format 1.1"}
        self.writer.write_record(self.writer.create_warcinfo_record(Path(path).name, info))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        recorder = cls(crawler.settings["PEER_WARC"])
        crawler.signals.connect(recorder.close, signal=signals.spider_closed)
        return recorder

    def process_response(self, request: Request, response: Response) -> Response:
        target = urlsplit(request.url)
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        sent = StatusAndHeaders(f"{request.method} {path} HTTP/1.1", header_pairs(request.headers),
                                is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(request.body), http_headers=sent))
        status = f"{response.status} {HTTPStatus(response.status).phrase}"
        served = StatusAndHeaders(status, header_pairs(response.headers), protocol="HTTP/1.1")
        self.writer.write_record(self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body), http_headers=served))
        return response

    def close(self) -> None:
        self.file.close()


class PeerSpider(FloorSpider):
    name = "peer"
    custom_settings: dict[str, Any] = {
        **FloorSpider.custom_settings,
        "DOWNLOADER_MIDDLEWARES": {"peer_spider.WarcRecorder": 950},
        "FEED_EXPORT_ENCODING": "utf-8",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.to_simplified = opencc.OpenCC("t2s")

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        document = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if not isinstance(document, Document):
            self.crawler.stats.inc_value("bench/no_text")
            return
        self.crawler.stats.inc_value("bench/articles")
        yield {
            "url": response.url,
            "fetched_at": datetime.now(UTC).isoformat(),
            "title": self.to_simplified.convert(document.title or ""),
            "text": self.to_simplified.convert(document.text or ""),
            "published_at": document.date,
            "authors": document.author,
            "source": document.sitename,
        }
