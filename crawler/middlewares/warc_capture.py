"""Raw capture: every response, as served, into the crawl's WARC files.

Placed closest to the downloader, so it sees the request with all its headers and the body before
HttpCompressionMiddleware decompresses it: the WARC payload is the bytes the server sent. Every
response counts — robots.txt, feeds, sitemaps, list pages, articles, redirects and error pages.

A 200 response whose payload digest equals the last capture of the same (canonical) URL is written
as a ``revisit`` record pointing at that capture instead of a second full copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response

from core.sqlite import state_db_unavailable
from pipelines.syndication import canonicalize_url
from storage.extension import ArchiveSession
from storage.seen import SeenUrls
from storage.warc import EarlierCapture, WarcWriter, payload_digest, warc_date

log = logging.getLogger(__name__)
T = TypeVar("T")

RAW_META = "difang_raw"
REVISIT_META = "difang_revisit"
DIGEST_META = "difang_payload_digest"
CAPTURED_META = "difang_captured_at"  # the capture's WARC-Date to the second: the record's fetched_at
# set by crawler.middlewares.render_capture, which has archived a rendered page's exchanges itself
RENDERED_META = "difang_rendered"


def _pairs(headers: Any) -> list[tuple[str, str]]:
    """(name, value) pairs of Scrapy headers, decoded as Latin-1 (the bytes as they came)."""
    out: list[tuple[str, str]] = []
    # Scrapy's Headers keeps its keys normalized already: its items() would normalize each key
    # again to look its values up, which costs more than the rest of this loop
    items = dict.items(headers) if isinstance(headers, Headers) else headers.items()
    for name, values in items:
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            out.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return out


class WarcCaptureMiddleware:
    """On with the archive (storage.extension), whose WARC writer and seen-URL
    store it writes to."""

    def __init__(self, crawler: Crawler, warc: WarcWriter, seen: SeenUrls) -> None:
        self.crawler = crawler
        self.warc = warc
        self.seen = seen
        self.history_warned = False
        self._inc: Callable[[str, int], None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        archive = ArchiveSession.required_by(crawler)
        return cls(crawler, archive.session.warc, archive.seen)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(RENDERED_META):
            return response
        if self._inc is None:
            assert self.crawler.stats is not None
            self._inc = self.crawler.stats.inc_value  # see pipelines.stage.Stage: taken once
        now = datetime.now(UTC)
        date = warc_date(now)
        digest = payload_digest(response.body)
        canonical = canonicalize_url(response.url)
        earlier = None
        if response.status == 200:
            last = self._history(self.seen.last_capture, canonical)
            if last is not None and last.payload_digest == digest:
                earlier = EarlierCapture(last.warc_record_id, last.target_uri, last.captured_at)
        pointer = self.warc.write_exchange(
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
            when=now,
            revisit_of=earlier,
            digest=digest,
        )
        request.meta[RAW_META] = pointer
        request.meta[REVISIT_META] = earlier is not None
        request.meta[DIGEST_META] = digest
        request.meta[CAPTURED_META] = date[:19] + "Z"  # to the second
        if response.status == 200:
            # is_article stays False here: an article counts as archived only once its clean
            # record is written (pipelines.persist), so a crash in between loses nothing.
            self._history(self.seen.record_capture, canonical, payload_digest=digest,
                          warc_record_id=pointer["record_id"], target_uri=response.url, captured_at=date,
                          is_article=False)
        self._inc("difang/warc/responses", 1)
        if earlier is not None:
            self._inc("difang/warc/revisits", 1)
        else:
            self._inc("difang/warc/payload_bytes", len(response.body))
        return response

    def _history(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``call`` on the capture history; None while a shared history is away (cluster mode):
        the response is written in full (no revisit record), which is never wrong, only larger."""
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            if not state_db_unavailable(exc):
                raise
            if not self.history_warned:
                self.history_warned = True
                log.warning("capture history unavailable (%s): full records, no revisits, until it is back",
                            " ".join(str(exc).split()))
            return None


def _host(url: str) -> str:
    return urlsplit(url).netloc


_REASONS = {status.value: status.phrase for status in HTTPStatus}


def _reason(status: int) -> str:
    return _REASONS.get(status, "")
