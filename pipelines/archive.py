"""Archive stage: the clean record, spooled and uploaded under its deterministic key."""

from __future__ import annotations

from archive.record import clean_key, make_record, record_json
from crawler.items import ArticleItem
from pipelines.stage import Stage


class ArchivePipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        record = make_record(dict(item))
        self.spider.session.add_record(clean_key(record), record, record_json(record))
        self.count("articles/archived")
        for page in item.get("pages", []):
            page["body"] = b""  # archived twice already; don't hold it while the item lingers
            page["text"] = ""
        return item
