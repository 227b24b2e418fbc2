"""A pipeline stage for tests: ``kill -9`` of the crawl when the Nth item reaches it.

Placed just before the archive stage (``pipelines.persist``, 500), it kills the crawl after the
item's raw capture and dedupe, before its clean record is spooled. The item's URL is written to
``KILL_NOTE`` first.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler

ORDER = 450


class KillBeforePersist:
    def __init__(self, at: int, note: Path) -> None:
        self.at, self.note, self.seen = at, note, 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("KILL_AT_ITEM"), Path(crawler.settings.get("KILL_NOTE")))

    def process_item(self, item: Any) -> Any:
        self.seen += 1
        if self.seen == self.at:
            self.note.write_text(item["url"], encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return item
