"""A pipeline stage for tests: when the Nth item reaches it, the crawl's PostgreSQL database
goes away (new connections refused, open ones ended), as a database lost mid-crawl does."""

from __future__ import annotations

import os
from typing import Any, Self
from urllib.parse import urlsplit

import psycopg
from scrapy.crawler import Crawler

ORDER = 250  # before normalize, dedupe and persist: they all meet the database away


class DatabaseAway:
    def __init__(self, at: int, dsn: str) -> None:
        self.at, self.dsn, self.items = at, dsn, 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("AWAY_AT_ITEM"), os.environ["DIFANG_DATABASE"])

    def process_item(self, item: Any) -> Any:
        self.items += 1
        if self.items == self.at:
            url = urlsplit(self.dsn)
            name = url.path.lstrip("/")
            with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        return item
