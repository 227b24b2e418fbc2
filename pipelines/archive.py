"""Archive stage: the clean record, spooled and uploaded under its deterministic key.

Once the record is spooled, the article's URLs count as archived in the seen-URL history, and
later crawls do not fetch them again.

A page with no article text at all (an empty 200, a maintenance notice, a page that is only a
frame) is not an article: no clean record, the URL not marked archived, so the next crawl fetches
it again — up to ``TEXTLESS_TRIES`` fetches in all, then it is given up (counted, said once).
Its raw copy is in the WARC either way. A page whose extraction failed is different: its record is
written with ``extraction_error`` so that ``difang rebuild`` can fill it in.
"""

from __future__ import annotations

import time
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
        self.textless_tries = crawler.settings.getint("TEXTLESS_TRIES")

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.seen = SeenUrls(self.path)

    def close_spider(self) -> None:
        if self.seen is not None:
            self.seen.close()
            self.seen = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        record = make_record(dict(item))
        if not record["text"] and not record["extraction_error"]:
            self._textless(item)
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

    def _textless(self, item: ArticleItem) -> None:
        assert self.seen is not None
        self.count("articles/no_text")
        tries = self.seen.record_textless(canonicalize_url(item["url"]), now=time.time())
        if tries >= self.textless_tries:
            self.count("articles/no_text_given_up")
            raise DropItem(f"no article text in {tries} fetches: given up, not fetched again")
        raise DropItem(f"no article text: not archived, fetched again next crawl (try {tries} of "
                       f"{self.textless_tries})")

    def _count_fields(self, record: dict[str, object]) -> None:
        """How many records carry each extracted field: a redesign that loses one shows here."""
        for name in COVERED_FIELDS:
            if record.get(name):
                self.count(f"fields/{name}")

    def _mark_archived(self, item: ArticleItem) -> None:
        assert self.seen is not None
        self.seen.forget_textless(canonicalize_url(item["url"]))
        for page in item.get("pages", []):
            raw = page.get("raw")
            if raw is None:
                continue
            for url in {page["url"], page["final_url"]}:
                self.seen.record_capture(
                    canonicalize_url(url), payload_digest=page["digest"], warc_record_id=raw["record_id"],
                    target_uri=page["final_url"], captured_at=item["fetched_at"], is_article=True)
