"""``scrapy parse``: Scrapy's own, as a dry run by default, showing what the pipeline makes.

``scrapy parse --spider portal -a site=NAME --pipelines -c parse_article URL`` prints the clean
record of the page, as the last stage hands it on, writes no WARC or run file and marks nothing
as seen (``ARCHIVE_ENABLED=False``); ``-s ARCHIVE_ENABLED=True`` archives it like a crawl would.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands.parse import Command as ScrapyParse
from scrapy.exceptions import DropItem

from crawler.commands import archive_off_unless_asked

log = logging.getLogger(__name__)


class Command(ScrapyParse):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        archive_off_unless_asked(self.settings)

    def scraped_data(self, args: tuple[Any, ...]) -> list[Any]:
        """With ``--pipelines``: the items as the pipeline leaves them, not as the spider made
        them (Scrapy's parse shows the latter and hands the former to nobody)."""
        items, requests, opts, depth, spider, callback = args
        if opts.pipelines:
            items = [out for out in map(self._through_pipelines, items) if out is not None]
            opts = argparse.Namespace(**{**vars(opts), "pipelines": False})
        return super().scraped_data((items, requests, opts, depth, spider, callback))

    def _through_pipelines(self, item: Any) -> Any:
        assert self.pcrawler.engine is not None
        for stage in self.pcrawler.engine.scraper.itemproc.middlewares:
            try:
                item = stage.process_item(item)
            except DropItem as exc:
                log.warning("dropped by %s: %s", type(stage).__name__, exc)
                return None
        return item
