"""Extract stage: article fields from the decoded pages (selectors of the site first)."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from pipelines.process import ExtractionFailed, extract_fields
from pipelines.stage import Stage

log = logging.getLogger(__name__)


class ExtractPipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        site = getattr(self.spider, "site", None)
        selectors = dict(site.selectors) if site is not None else None
        try:
            extract_fields(item, selectors, site.timezone if site is not None else "Asia/Shanghai")
        except ExtractionFailed as exc:
            self.count("errors/extract_failed")
            raise DropItem(str(exc)) from None
        if not item["text"].strip():
            self.count("articles/empty_text")
            log.warning("%s: no article text found", item["url"])
        return item
