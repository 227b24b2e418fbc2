"""Scrapy: the portal spider, downloader middlewares, extensions, the Scrapy commands
(``scrapy crawl``, ``sites``, ``parse``, ``shell``), rendering and the probe."""
