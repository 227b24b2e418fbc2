"""Checks the crawl settings turn off at run time, made here once instead of per response."""

from __future__ import annotations

import inspect

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.misc import is_generator_with_return_value

import crawler.settings
from crawler.logformatter import QuietLogFormatter, shows_debug
from crawler.spiders.portal import PortalSpider


def test_no_spider_callback_is_a_generator_that_returns_a_value() -> None:
    # what WARN_ON_GENERATOR_RETURN_VALUE would warn about (it is off: see crawler/settings.py)
    assert crawler.settings.WARN_ON_GENERATOR_RETURN_VALUE is False
    generators = [name for name, fn in inspect.getmembers(PortalSpider, inspect.isfunction)
                  if inspect.isgeneratorfunction(fn)]
    print(f"generator methods checked: {generators}")
    assert len(generators) >= 3
    assert not [name for name in generators if is_generator_with_return_value(getattr(PortalSpider, name))]


@pytest.mark.parametrize(("settings", "debug"), [
    ({"LOG_LEVEL": "INFO"}, False), ({"LOG_LEVEL": "DEBUG"}, True), ({"LOG_LEVEL": 10}, True),
    ({"LOG_LEVEL": "warning"}, False), ({"LOG_LEVEL": "DEBUG", "LOG_ENABLED": False}, False),
])
def test_debug_lines_are_made_only_when_shown(settings: dict[str, object], debug: bool) -> None:
    assert shows_debug(Settings(settings)) is debug
    formatter = QuietLogFormatter(shows_debug(Settings(settings)))
    request = Request("http://127.0.0.1:8000/a.html")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    spider = PortalSpider.__new__(PortalSpider)
    crawled, scraped = formatter.crawled(request, response, spider), formatter.scraped({"a": 1}, response, spider)
    if debug:
        assert crawled is not None and "Crawled" in crawled["msg"] and scraped is not None
    else:
        assert crawled is None and scraped is None
