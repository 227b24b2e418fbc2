"""Scrapy's DEBUG line per response ("Crawled (200) …") and per item ("Scraped from …"), made
only when the log shows DEBUG.

Scrapy's LOG_LEVEL filters at the handler, so at INFO each of those lines was still built —
a log record, and for an item its whole field dict handed along — and then thrown away, two
per article. Every other message (dropped items, errors) is Scrapy's own.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


def shows_debug(settings: Any) -> bool:
    """True when the crawl's log shows DEBUG lines (LOG_ENABLED and LOG_LEVEL as Scrapy reads them)."""
    if not settings.getbool("LOG_ENABLED", True):
        return False
    level = settings.get("LOG_LEVEL", "DEBUG")
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
    return not isinstance(level, int) or level <= logging.DEBUG


class QuietLogFormatter(LogFormatter):
    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(shows_debug(crawler.settings))

    def crawled(self, request: Request, response: Response, spider: Spider) -> LogFormatterResult:
        return super().crawled(request, response, spider) if self.debug else None  # type: ignore[return-value]

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        return super().scraped(item, response, spider) if self.debug else None  # type: ignore[return-value]
