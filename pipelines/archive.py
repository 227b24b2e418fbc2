"""Archive stage: the clean record, spooled and uploaded under its deterministic key.

Once the record is spooled, the article's URLs count as archived in the seen-URL history, and
later crawls do not fetch them again.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive.record import clean_key, make_record, record_json
from crawler.items import ArticleItem
from pipelines.stage import Stage
from pipelines.syndication import SeenUrls, canonicalize_url

COVERED_FIELDS = ("title", "text", "published_at", "source", "authors", "editor", "images")


class ArchivePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "seen.sqlite"
        self.seen: SeenUrls | None = None

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.seen = SeenUrls(self.path)

    def close_spider(self) -> None:
        if self.seen is not None:
            self.seen.close()
            self.seen = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        return self.writing(item, self._archive)

    def _archive(self, item: ArticleItem) -> ArticleItem:
        record = make_record(dict(item))
        key = clean_key(record)
        session = self.spider.session
        if all(page.get("revisit") for page in item.get("pages", [])):
            # Fetched again, byte for byte, after a crawl died before marking the URL archived:
            # its clean record may have been written all the same. Same version: keep that one.
            stored = session.stored_record(key)
            if stored is not None and stored.get("content_hash") == record["content_hash"]:
                self._mark_archived(item)
                self.count("articles/already_archived")
                raise DropItem(f"{item['url']}: clean record {key} exists already")
        session.add_record(key, record, record_json(record))
        self.count("articles/archived")
        if record["extraction_error"]:
            self.count("articles/extraction_error")
        self._count_fields(record)
        self._mark_archived(item)
        for page in item.get("pages", []):
            page["body"] = b""  # archived twice already; don't hold it while the item lingers
            page["text"] = ""
        return item

    def _count_fields(self, record: dict[str, object]) -> None:
        """How many records carry each extracted field: a redesign that loses one shows here."""
        for name in COVERED_FIELDS:
            if record.get(name):
                self.count(f"fields/{name}")

    def _mark_archived(self, item: ArticleItem) -> None:
        assert self.seen is not None
        for page in item.get("pages", []):
            raw = page.get("raw")
            if raw is None:
                continue
            for url in {page["url"], page["final_url"]}:
                self.seen.record_capture(
                    canonicalize_url(url), payload_digest=page["digest"], warc_record_id=raw["record_id"],
                    target_uri=page["final_url"], captured_at=item["fetched_at"], is_article=True)
