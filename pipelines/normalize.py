"""Normalize stage: repairs, pinyin notes, script, width and title decorations.

Title decorations are learned per site from its own headlines and kept under DIFANG_HOME, so
each crawl knows more than the last (a dry run, ARCHIVE_ENABLED off, uses them and keeps nothing new).
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler

from core.items import ArticleItem
from pipelines.process import normalize_fields
from pipelines.stage import Stage
from pipelines.text import TitleDecorations

log = logging.getLogger(__name__)


class NormalizePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "title_decorations.json"
        self.decorations = TitleDecorations()
        # a dry run (ARCHIVE_ENABLED off) uses what was learned and keeps nothing new
        self.learning = crawler.settings.getbool("ARCHIVE_ENABLED", True)

    def open_spider(self) -> None:
        self.decorations = TitleDecorations.load(self.path)

    def close_spider(self) -> None:
        if not self.learning:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.decorations.save(self.path)
        except OSError as exc:  # a full disk: what this crawl learned is learned again later
            log.error("title decorations not saved to %s (%s)", self.path, exc.strerror or exc)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        normalize_fields(item, getattr(self.spider, "site", None), self.decorations)
        return item
