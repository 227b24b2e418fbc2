"""What a person running ``scrapy crawl`` watches: periodic progress and an end-of-crawl summary.

Pages, articles, bytes and errors by kind, for the site being crawled.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

log = logging.getLogger("difang.summary")


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    errors = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("difang/errors/")}
    return {
        "pages": stats.get("downloader/response_count", 0),
        "list_pages": stats.get("difang/pages/list", 0),
        "articles_found": stats.get("difang/articles/found", 0),
        "articles_archived": stats.get("difang/articles/archived", 0),
        "duplicates": stats.get("difang/articles/duplicate", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "warc_responses": stats.get("difang/warc/responses", 0),
        "errors": dict(sorted(errors.items())),
    }


def format_summary(site: str, summary: dict[str, Any]) -> str:
    errors = ", ".join(f"{k}={v}" for k, v in summary["errors"].items()) or "none"
    return (f"[{site}] pages={summary['pages']} articles={summary['articles_archived']}"
            f"/{summary['articles_found']} duplicates={summary['duplicates']} "
            f"bytes={summary['bytes']} errors: {errors}")


class CrawlSummary:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self._task: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        interval = crawler.settings.getfloat("SUMMARY_INTERVAL")
        if interval < 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats() if self.crawler.stats is not None else {}

    def spider_opened(self, spider: Spider) -> None:
        if self.interval > 0:
            self._task = task.LoopingCall(self.progress, spider)
            self._task.start(self.interval, now=False)

    def progress(self, spider: Spider) -> None:
        log.info("progress %s", format_summary(getattr(spider, "site_name", spider.name), summarize(self._stats())))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        log.info("finished (%s) %s", reason,
                 format_summary(getattr(spider, "site_name", spider.name), summarize(self._stats())))
