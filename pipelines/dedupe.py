"""Dedupe stage: stable id per canonical URL, content hash, and the syndication cluster.

Copies of a story under other URLs are archived too (who republished what is worth keeping), but
carry ``duplicate_of`` = the id of the origin, the earliest published member of their cluster.

With the archive off (``ARCHIVE_ENABLED=False``, a dry run) the stage files nothing: each article
gets the cluster it would join, read from the index as it stands.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from core.config import crawl_database
from core.items import ArticleItem
from pipelines.process import file_alone, file_syndication, identify, unfiled, view_syndication
from pipelines.stage import Stage
from pipelines.syndication import NearDuplicateIndex, canonicalize_url, open_near_duplicate_index
from storage.extension import ArchiveSession
from storage.seen import SeenUrls


class DedupePipeline(Stage):
    def __init__(self, crawler: Crawler, seen: SeenUrls | None = None, *, filing: bool = True) -> None:
        """``seen``: the crawl's seen-URL store (None: no article counts as archived before);
        ``filing`` False: a dry run, the syndication index is only read."""
        super().__init__(crawler)
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "dedupe.sqlite"
        self.database = crawl_database(crawler.settings)  # cluster mode: the index in PostgreSQL
        self.index: NearDuplicateIndex | None = None
        self.seen = seen
        self.filing = filing

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archive = ArchiveSession.of(crawler)
        return cls(crawler, archive.seen if archive is not None else None,
                   filing=crawler.settings.getbool("ARCHIVE_ENABLED", True))

    def open_spider(self) -> None:
        if self.database or self.filing or self.path.exists():  # a dry run creates no index file
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.index = open_near_duplicate_index(self.path, self.database)

    def close_spider(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        return self.writing(item, self._dedupe)

    def _dedupe(self, item: ArticleItem) -> ArticleItem:
        if all(page.get("revisit") for page in item["pages"]) and self._archived(item):
            # Re-fetched (refetch_after) and served byte for byte as before: the WARC has a
            # revisit record; the clean record of this version exists already.
            self.count("dedupe/unchanged")
            raise DropItem(f"{item['url']}: unchanged since its last capture")
        if not self.filing:
            simplified = identify(item)
            if self.index is None:
                file_alone(item)
            else:
                view_syndication(item, simplified, self.index)
            self._count(item, exact=None)  # exact or near: only filing tells
            return item
        assert self.index is not None
        match = file_syndication(item, identify(item), self.index)
        owner = None if unfiled(item) else self.index.site_of(item["id"])
        if owner is not None and owner != item["site"]:
            # Two crawls of sites that share pages fetched this one at the same time (a URL is
            # seen only once archived): it is archived once, under the site that filed it first.
            self.count("dedupe/filed_by_other_site")
            raise DropItem(f"{item['url']}: archived by the crawl of site {owner}, which fetched it at the same time")
        self._count(item, exact=match.exact)
        return item

    def _count(self, item: ArticleItem, *, exact: bool | None) -> None:
        if unfiled(item):  # no text (extraction failed, or none found): not filed, a cluster of its own
            self.count("dedupe/unfiled")
        elif item.get("duplicate_of") is not None:
            self.count("articles/duplicate")
            if exact is not None:
                self.count("dedupe/exact" if exact else "dedupe/near_duplicate")

    def _archived(self, item: ArticleItem) -> bool:
        """Whether the article's clean record was written by an earlier crawl (a crawl killed
        after the raw capture but before the clean record leaves the URL unmarked)."""
        if self.seen is None:
            return False
        return not self.seen.should_fetch(canonicalize_url(item["url"]), refetch_after_s=None, now=time.time())
