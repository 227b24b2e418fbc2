"""Dedupe stage: stable id per canonical URL, content hash, and the syndication cluster.

Copies of a story under other URLs are archived too (who republished what is worth keeping), but
carry ``duplicate_of`` = the id of the origin, the earliest published member of their cluster.
"""

from __future__ import annotations

from pathlib import Path

from scrapy import Spider
from scrapy.crawler import Crawler

from crawler.items import ArticleItem
from pipelines.syndication import (
    NearDuplicateIndex,
    canonical_from_html,
    canonicalize_url,
    content_hash,
    record_id,
)
from pipelines.text import to_simplified


class DedupePipeline:
    def __init__(self, home: str) -> None:
        self.path = Path(home) / "dedupe.sqlite"
        self.index: NearDuplicateIndex | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.settings.get("DIFANG_HOME"))

    def open_spider(self, spider: Spider) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.index = NearDuplicateIndex(self.path)

    def close_spider(self, spider: Spider) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None

    def process_item(self, item: ArticleItem, spider: Spider) -> ArticleItem:
        assert self.index is not None
        first = item["pages"][0]
        canonical = canonical_from_html(first["text"], first["final_url"]) or item["final_url"]
        item["canonical_url"] = canonicalize_url(canonical)
        item["id"] = record_id(item["canonical_url"])
        simplified = to_simplified(item.get("text", ""))
        item["content_hash"] = content_hash(simplified)
        match = self.index.add(
            item["id"], simplified, site=item["site"], published_at=item.get("published_at"),
            fetched_at=item["fetched_at"], title=item.get("title", ""),
        )
        item["cluster_id"] = match.cluster_id
        item["duplicate_of"] = match.duplicate_of
        if match.duplicate_of is not None and spider.crawler.stats is not None:
            spider.crawler.stats.inc_value("difang/articles/duplicate")
            spider.crawler.stats.inc_value(
                "difang/dedupe/exact" if match.exact else "difang/dedupe/near_duplicate")
        return item
