"""Normalize stage: repairs, pinyin notes, script, width and title decorations.

Title decorations are learned per site from its own headlines and kept under DIFANG_HOME (in
PostgreSQL in cluster mode: pipelines.text.title_store), so each crawl knows more than the last
(a dry run, ARCHIVE_ENABLED off, uses them and keeps nothing new).
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from core.config import crawl_database
from core.items import ArticleItem
from core.sqlite import StateDbError, state_db_unavailable
from pipelines.process import normalize_fields
from pipelines.stage import Stage
from pipelines.text import TitleDecorations
from pipelines.text.title_store import open_title_decorations

log = logging.getLogger(__name__)


class NormalizePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.store = open_title_decorations(crawler.settings.get("DIFANG_HOME"), crawl_database(crawler.settings))
        self.decorations = TitleDecorations()
        # a dry run (ARCHIVE_ENABLED off) uses what was learned and keeps nothing new
        self.learning = crawler.settings.getbool("ARCHIVE_ENABLED", True)

    def open_spider(self) -> None:
        self.decorations = self.store.load()

    def close_spider(self) -> None:
        try:
            if self.learning:
                self.store.save(self.decorations)
        except Exception as exc:  # a full disk, the database away: what this crawl learned is learned again later
            if not isinstance(exc, OSError | StateDbError) and not state_db_unavailable(exc):
                raise
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            log.error("title decorations not saved to %s (%s)", self.store.describe(), reason)
        finally:
            self.store.close()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        normalize_fields(item, getattr(self.spider, "site", None), self.decorations)
        return item
