"""What every pipeline stage shares: the crawler it runs in, its spider, its stats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from scrapy.crawler import Crawler


class Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Scrapy's StatsCollector looks each method up through a __getattribute__ of its own
        # (a few µs, several counts per article): the bound method is taken once.
        self._inc: Callable[[str, int], None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def count(self, key: str, n: int = 1) -> None:
        if self._inc is None:
            if self.crawler.stats is None:
                return
            self._inc = self.crawler.stats.inc_value
        self._inc(f"difang/{key}", n)
