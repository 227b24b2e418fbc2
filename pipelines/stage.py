"""What every pipeline stage shares: the crawler it runs in, its spider, its stats."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler


class Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def count(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"difang/{key}", n)
