"""Archive stage: the clean record, spooled and uploaded under its deterministic key."""

from __future__ import annotations

from scrapy import Spider

from archive.record import clean_key, make_record, record_json
from crawler.items import ArticleItem


class ArchivePipeline:
    def process_item(self, item: ArticleItem, spider: Spider) -> ArticleItem:
        record = make_record(dict(item))
        session = spider.session  # type: ignore[attr-defined]
        session.add_record(clean_key(record), record, record_json(record))
        if spider.crawler.stats is not None:
            spider.crawler.stats.inc_value("difang/articles/archived")
        return item
