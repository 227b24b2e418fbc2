"""Limits shared by the crawl and by what re-reads its captures (rebuild, raw, the web UI)."""

DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # bytes of one response body; Scrapy's setting of that name
