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

import logging
import time
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from core.items import ArticleItem
from core.record import clean_key, make_record, record_json
from core.sqlite import state_db_unavailable
from pipelines.stage import Stage
from pipelines.syndication import canonicalize_url
from storage.extension import ArchiveSession
from storage.seen import SeenUrls
from storage.session import CrawlSession

COVERED_FIELDS = ("title", "text", "published_at", "source", "authors", "editor", "images")


log = logging.getLogger(__name__)


class PersistPipeline(Stage):
    def __init__(self, crawler: Crawler, session: CrawlSession, seen: SeenUrls) -> None:
        super().__init__(crawler)
        self.session = session
        self.seen = seen
        self.textless_tries = crawler.settings.getint("TEXTLESS_TRIES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archive = ArchiveSession.required_by(crawler)
        return cls(crawler, archive.session, archive.seen)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        return self.writing(item, self._archive)

    def _archive(self, item: ArticleItem) -> ArticleItem:
        record = make_record(dict(item))
        if not record["text"] and not record["extraction_error"]:
            self._textless(item)
        key = clean_key(record)
        session = self.session
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
        try:
            self._mark_archived(item)
        except Exception as exc:
            if not state_db_unavailable(exc):
                raise
            # archived all the same: the next crawl fetches it again, finds this record stored
            # (the revisit case above) and marks it then; nothing is written twice
            self.count("errors/database_unavailable")
            log.warning("%s: archived, not marked seen (database unavailable: %s); the next crawl checks it again",
                        item["url"], " ".join(str(exc).split()))
        return item  # the record stage, next, makes the item the clean record

    def _textless(self, item: ArticleItem) -> None:
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
        self.seen.forget_textless(canonicalize_url(item["url"]))
        for page in item.get("pages", []):
            raw = page.get("raw")
            if raw is None:
                continue
            for url in {page["url"], page["final_url"]}:
                self.seen.record_capture(
                    canonicalize_url(url), payload_digest=page["digest"], warc_record_id=raw["record_id"],
                    target_uri=page["final_url"], captured_at=item["fetched_at"], is_article=True)
