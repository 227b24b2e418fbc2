"""Response headers count against a cap, as bodies do against ``DOWNLOAD_MAXSIZE``.

Twisted's HTTP client parses any number of header lines (each under 16 KiB) and folds any number
of continuation lines into one header, all into memory, and Scrapy then writes them to the WARC:
two million small headers were 107 MB accepted. This download handler is Scrapy's HTTP/1.1 one
with a parser that gives up when the status line and headers pass ``MAX_RESPONSE_HEADER_LINES``
lines or ``MAX_RESPONSE_HEADER_BYTES`` bytes. The request then fails (after Scrapy's retries)
with ``headers_too_large`` as its error kind.

Scrapy's handler swaps its own lenient parser class into each new connection's parser; this
module does the same with a subclass of it (Scrapy's private classes, pinned by the lock and
exercised by tests/hostile/test_header_caps.py).
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred
from twisted.web._newclient import BODY

HEADERS_TOO_LARGE = "response headers over the cap"


class HeadersTooLarge(Exception):
    pass


class _CappedParser(_LenientHTTPClientParser):
    max_lines = 1000
    max_bytes = 256 * 1024

    def lineReceived(self, line: bytes) -> None:  # noqa: N802 - Twisted's name
        if self.state != BODY:
            lines = self.__dict__.get("_difang_lines", 0) + 1
            size = self.__dict__.get("_difang_bytes", 0) + len(line) + 2
            self.__dict__["_difang_lines"], self.__dict__["_difang_bytes"] = lines, size
            if lines > self.max_lines or size > self.max_bytes:
                raise HeadersTooLarge(f"{HEADERS_TOO_LARGE} (more than {self.max_lines} lines or "
                                      f"{self.max_bytes} bytes: MAX_RESPONSE_HEADER_LINES/_BYTES)")
        super().lineReceived(line)


class _CappedProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Deferred[Any]:
        result = super().request(request)
        assert self._parser is not None
        self._parser.__class__ = _CappedParser
        return result


class _CappedFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> _CappedProtocol:  # noqa: N802 - Twisted's name
        return _CappedProtocol(self._quiescentCallback)


class HeaderCappedDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        _CappedParser.max_lines = crawler.settings.getint("MAX_RESPONSE_HEADER_LINES")
        _CappedParser.max_bytes = crawler.settings.getint("MAX_RESPONSE_HEADER_BYTES")
        self._pool._factory = _CappedFactory
