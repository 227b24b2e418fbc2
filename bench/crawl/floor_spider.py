"""The floor of the crawl benchmark: a bare Scrapy spider that only follows the links.

It fetches the same pages as difang's portal spider on demo-bench (the start list page, list
pages matching ``follow``, article pages matching ``article``) and does nothing with an article
but count it, so its CPU time is what Scrapy itself costs per page. Run by bench/crawl/run.py
with ``scrapy runspider`` outside the difang project, so no difang setting or component loads.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response


class FloorSpider(scrapy.Spider):
    name = "floor"
    # the site definition's max_depth: list-page hops from the start URL
    custom_settings: dict[str, Any] = {"DEPTH_LIMIT": 2}

    def __init__(self, start: str = "", article: str = "", follow: str = "", stats_out: str = "",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.article_url = re.compile(article)
        self.follow_url = re.compile(follow)
        self.stats_out = stats_out

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # not dont_filter (the start_urls default): list 2 links back to list 1, fetch it once
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self.article_url.search(url):
                yield scrapy.Request(url, callback=self.parse_article)
            elif self.follow_url.search(url):
                yield scrapy.Request(url, callback=self.parse)

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("bench/articles")
        yield from ()

    def closed(self, reason: str) -> None:
        # the benchmark reads the counts from here rather than from the log
        if self.stats_out:
            stats = self.crawler.stats.get_stats()
            Path(self.stats_out).write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")
