"""Dedupe stage: stable id per canonical URL, content hash, and the syndication cluster.

Copies of a story under other URLs are archived too (who republished what is worth keeping), but
carry ``duplicate_of`` = the id of the origin, the earliest published member of their cluster.
"""

from __future__ import annotations

import time
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from pipelines.process import file_syndication, identify, unfiled
from pipelines.stage import Stage
from pipelines.syndication import NearDuplicateIndex, SeenUrls, canonicalize_url


class DedupePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "dedupe.sqlite"
        self.index: NearDuplicateIndex | None = None
        self.seen: SeenUrls | None = None

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.index = NearDuplicateIndex(self.path)
        self.seen = SeenUrls(self.path.with_name("seen.sqlite"))

    def close_spider(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
        if self.seen is not None:
            self.seen.close()
            self.seen = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        return self.writing(item, self._dedupe)

    def _dedupe(self, item: ArticleItem) -> ArticleItem:
        assert self.index is not None
        if all(page.get("revisit") for page in item["pages"]) and self._archived(item):
            # Re-fetched (refetch_after) and served byte for byte as before: the WARC has a
            # revisit record; the clean record of this version exists already.
            self.count("dedupe/unchanged")
            raise DropItem(f"{item['url']}: unchanged since its last capture")
        match = file_syndication(item, identify(item), self.index)
        if unfiled(item):  # no text (extraction failed, or none found): not filed, a cluster of its own
            self.count("dedupe/unfiled")
        elif match.duplicate_of is not None:
            self.count("articles/duplicate")
            self.count("dedupe/exact" if match.exact else "dedupe/near_duplicate")
        return item

    def _archived(self, item: ArticleItem) -> bool:
        """Whether the article's clean record was written by an earlier crawl (a crawl killed
        after the raw capture but before the clean record leaves the URL unmarked)."""
        assert self.seen is not None
        return not self.seen.should_fetch(canonicalize_url(item["url"]), refetch_after_s=None, now=time.time())
