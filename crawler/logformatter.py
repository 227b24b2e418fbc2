"""Scrapy's DEBUG line per response ("Crawled (200) …") and per item ("Scraped from …"), made
only when the log shows DEBUG.

Scrapy's LOG_LEVEL filters at the handler, so at INFO each of those lines was still built —
a log record, and for an item its whole field dict handed along — and then thrown away, two
per article.

A dropped item, and an item a pipeline stage failed on, is one line: its URL, the stage (the
pipeline class) and the reason. Scrapy's own lines carry the whole item — an article's page
bytes and text, hundreds of KB on one line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
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


REASON_CHARS = 300  # a reason longer than this (an exception quoting a page) is cut
DROPPED = "Dropped %(url)s at %(stage)s: %(reason)s"
ITEM_ERROR = "Error processing %(url)s at %(stage)s: %(reason)s"
_STAGE_METHODS = frozenset({"process_item", "process_item_async"})


def item_url(item: Any, response: Response | Failure | None) -> str:
    """The URL of an item (its ``url`` field), else of the response it came from."""
    url = item.get("url") if isinstance(item, Mapping) else getattr(item, "url", None)
    if not url and isinstance(response, Response):
        url = response.url
    return str(url) if url else "?"


def stage_of(exception: BaseException) -> str:
    """The class of the pipeline stage the exception was raised in: the innermost
    ``process_item`` frame of its traceback whose ``self`` is an object ("?" if none)."""
    stage = "?"
    tb: TracebackType | None = exception.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name in _STAGE_METHODS and "self" in frame.f_locals:
            stage = type(frame.f_locals["self"]).__name__
        tb = tb.tb_next
    return stage


def one_line_reason(exception: BaseException, url: str) -> str:
    """The exception's message on one line, without a leading ``URL:`` (the line names it),
    at most REASON_CHARS characters."""
    text = " ".join(str(exception).split()) or type(exception).__name__
    if url != "?" and text.startswith(f"{url}: "):
        text = text[len(url) + 2:]
    if not isinstance(exception, DropItem):
        text = f"{type(exception).__name__}: {text}"
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"


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

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider | None) -> LogFormatterResult:
        level = getattr(exception, "log_level", None)
        if level is None:
            crawler = getattr(spider, "crawler", None)
            level = crawler.settings["DEFAULT_DROPITEM_LOG_LEVEL"] if crawler is not None else logging.WARNING
        if isinstance(level, str):
            level = logging.getLevelName(level.upper())
        url = item_url(item, response)
        return {"level": level, "msg": DROPPED,
                "args": {"url": url, "stage": stage_of(exception), "reason": one_line_reason(exception, url)}}

    def item_error(self, item: Any, exception: BaseException, response: Response | Failure | None,
                   spider: Spider | None) -> LogFormatterResult:
        url = item_url(item, response)
        return {"level": logging.ERROR, "msg": ITEM_ERROR,
                "args": {"url": url, "stage": stage_of(exception), "reason": one_line_reason(exception, url)}}
