"""Extract stage: article fields from the decoded pages (selectors of the site first).

An article whose fields cannot be extracted is not dropped: its item goes on with empty fields
and ``extraction_error`` set (see :func:`pipelines.process.extract_fields`), so its clean record
is written, linked to the raw copy, and ``difang rebuild`` can fill it in later.
"""

from __future__ import annotations

import logging

from core.items import ArticleItem
from pipelines.process import extract_fields
from pipelines.stage import Stage

log = logging.getLogger(__name__)


class ExtractPipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        site = getattr(self.spider, "site", None)
        selectors = dict(site.selectors) if site is not None else None
        extract_fields(item, selectors, site.timezone if site is not None else "Asia/Shanghai")
        error = item.get("extraction_error")
        if error:
            self.count("errors/extract_failed")
            log.warning("%s: stage=%s: extraction failed, record kept with extraction_error: %s",
                        item["url"], type(self).__name__, error)
        elif not item["text"].strip():
            self.count("articles/empty_text")  # the archive stage drops it, with its one log line
        return item
