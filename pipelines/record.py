"""Record stage, the last: the item that leaves the pipeline is the clean record of DESIGN.md.

So feed exports (``scrapy crawl … -O out.jsonl``, ``FEEDS``) and ``scrapy parse --pipelines``
give the clean records, JSON-serializable, without the pages' bytes; with the archive on or off.
"""

from __future__ import annotations

from typing import Any

from core.items import ArticleItem
from core.record import make_record
from pipelines.stage import Stage


class CleanRecordPipeline(Stage):
    def process_item(self, item: ArticleItem) -> dict[str, Any]:
        return make_record(dict(item))
