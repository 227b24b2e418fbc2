"""Scrapy settings of difang: defaults in one place, every component with its own prefix.

This module is where a crawl reads the environment: the three DESIGN.md variables
(DIFANG_SITES, DIFANG_ARCHIVE, DIFANG_HOME) and the few others below, each named where it is
read. Everything can be overridden per run with ``-s NAME=VALUE``.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings as _scrapy_defaults

from core import limits

BOT_NAME = "difang"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

DIFANG_SITES = os.environ.get("DIFANG_SITES") or "./sites"
DIFANG_ARCHIVE = os.environ.get("DIFANG_ARCHIVE") or "./var/archive"
DIFANG_HOME = os.environ.get("DIFANG_HOME") or "./var"
# The run id of this crawl (runs/RUN.json); the daemon hands one in to find the run file again.
DIFANG_RUN_ID = os.environ.get("DIFANG_RUN_ID") or ""
# The site being crawled: set by the portal spider from its `-a site=NAME` argument, before the
# components are built; the archive session keeps one spool per site.
DIFANG_SITE = ""

USER_AGENT = "difang/0.1 (+regional news archive; obeys robots.txt)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_MAX_BYTES = 500 * 1024  # the part of a robots.txt that is read (RFC 9309 asks for >= 500 KiB)
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Scrapy starts this many asyncio tasks for every callback result, even one item or request:
# the default 100 costs more CPU than anything the pipeline does with a page.
CONCURRENT_ITEMS = 8
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Politeness: AutoThrottle adapts to the server; the start delay is the floor.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.25
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = limits.DOWNLOAD_MAXSIZE  # a response over the cap is dropped, logged and counted
# Fan-out caps: what one hostile page or one crawl can make the spider queue. Each cap hit is
# counted under difang/caps/... and logged once with the URL.
PAGE_BUDGET = 20_000  # requests per crawl (a site's `max_pages` overrides it)
MAX_LINKS_PER_PAGE = 5_000  # links taken from one list page or feed
MAX_SITEMAP_ENTRIES = 50_000  # URLs taken from one sitemap file (the protocol's own limit)
MAX_SITEMAP_DEPTH = 3  # sitemap indexes nested below a site's sitemap
MAX_ARTICLE_PAGES = 20  # pages of one article (the first and its continuation pages)
MAX_ARTICLE_BYTES = 16 * 1024 * 1024  # bytes of all pages of one article
TEXTLESS_TRIES = 3  # fetches of an article URL that gave no text at all before it is given up
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Headers count too: status line + header lines of one response (crawler/http_limits.py).
MAX_RESPONSE_HEADER_LINES = 1000
MAX_RESPONSE_HEADER_BYTES = 256 * 1024
DOWNLOAD_HANDLERS = {
    "http": "crawler.http_limits.HeaderCappedDownloadHandler",
    "https": "crawler.http_limits.HeaderCappedDownloadHandler",
}
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
HTTPERROR_ALLOW_ALL = True  # error pages reach the spider, which logs and counts them
LOGSTATS_INTERVAL = 30.0
LOG_LEVEL = "INFO"
# Feeds (-O, FEEDS) hold the clean records as the archive does: UTF-8, no ASCII escapes.
FEED_EXPORT_ENCODING = "utf-8"
# The per-response and per-item DEBUG lines are built only when LOG_LEVEL shows them.
LOG_FORMATTER = "crawler.logformatter.QuietLogFormatter"
# Scrapy re-reads a callback's source (inspect + ast) on every response to warn about a
# generator that returns a value: its cache is keyed by the bound method, a new one per
# request. tests/unit/test_spider_callbacks.py makes that check once, for every callback.
WARN_ON_GENERATOR_RETURN_VALUE = False

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt and offsite: refuse private destinations no site names.
    "crawler.middlewares.address_guard.AddressGuardMiddleware": 40,
    # Archived articles are not fetched again (before robots.txt: no need to ask).
    "crawler.middlewares.seen_urls.SeenUrlsMiddleware": 60,
    # robots.txt by RFC 9309 (5xx or no answer: disallow; a size cap) in Scrapy's own slot.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsPolicyMiddleware": 100,
    # Off-site requests dropped as Scrapy does; a redirect off the site is logged and counted.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.offsite.OffsitePolicyMiddleware": 50,
    # Just outside RedirectMiddleware: a redirect back into its own chain is a loop, said so.
    "crawler.middlewares.redirect_loop.RedirectLoopMiddleware": 605,
    # Closest to the downloader: sees the request as sent and the body as served (still
    # compressed), for every response including redirects and robots.txt.
    "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # Rendered pages only (render sites): archives what the browser was served, and the DOM.
    "crawler.middlewares.render_capture.RenderCaptureMiddleware": 951,
}
SPIDER_MIDDLEWARES: dict[str, int] = {}
ITEM_PIPELINES = {
    "pipelines.decode.DecodePipeline": 100,
    "pipelines.extract.ExtractPipeline": 200,
    "pipelines.normalize.NormalizePipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.persist.PersistPipeline": 500,
    # Last: the item that leaves the pipeline is the clean record (feed exports, -O, parse).
    "pipelines.record.CleanRecordPipeline": 900,
}
EXTENSIONS = {
    # The crawl's archive session: WARC writer, spool, uploader, run file, and the one seen-URL
    # store. The capture middlewares and the dedupe and archive stages get it in from_crawler.
    "storage.extension.ArchiveSession": 100,
    "crawler.extensions.summary.CrawlSummary": 500,
    # A JOBDIR left by a killed crawl (no saved queue) is emptied: the crawl starts over.
    "crawler.extensions.jobdir.JobDirGuard": 0,
}
# Scrapy's remote control (aiohttp) and telnet console (twisted.conch) are left out of the base
# list, not just switched off: Scrapy imports every listed component to read its settings key,
# and those two imports cost ~0.13 CPU s of every crawl subprocess's start-up. difang's
# operators have the daemon's health endpoint and the logs instead.
EXTENSIONS_BASE = {
    name: order for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if name not in ("scrapy.extensions.remote_control.RemoteControl", "scrapy.extensions.telnet.TelnetConsole")
}

# difang components
# The archive (storage.extension). False: a dry run (`scrapy parse` by default,
# `scrapy shell`, `-O` feeds): no WARC, spool, run file or query index entry, nothing marked seen
# or filed in the dedupe index; the items are the clean records all the same.
ARCHIVE_ENABLED = True
# Where archived clean records also go (the local query index, for `difang search`); empty: nowhere.
ARCHIVE_INDEX_FEED = "query.index.IndexFeed"
# Skip articles archived before (crawler.middlewares.seen_urls); False fetches them again.
SEEN_URLS_ENABLED = True
WARC_MAX_BYTES = 1 << 30
WARC_OPERATOR = ""
# The spool (storage.session): past SPOOL_MAX_BYTES waiting for the store the engine pauses, and
# resumes under 80 % of it; uploads retry with doubling delays up to SPOOL_RETRY_MAX_DELAY; the
# end of a crawl waits SPOOL_CLOSE_TIMEOUT seconds for uploads, then leaves the rest spooled.
# DIFANG_SPOOL_MAX_BYTES is checked (a whole number) by every entry point before a crawl starts.
SPOOL_MAX_BYTES = os.environ.get("DIFANG_SPOOL_MAX_BYTES") or 5 << 30
SPOOL_CLOSE_TIMEOUT = 300.0
SPOOL_RETRY_MAX_DELAY = 30.0
SPOOL_CHECK_INTERVAL = 0.5
SUMMARY_INTERVAL = 30.0
ADDRESS_GUARD_EXTRA_HOSTS: list[str] = []  # host or host:port units allowed as if a site named them
ADDRESS_GUARD_ALLOW: list[str] = []  # internal addresses or networks that may be reached (intranet portals)
# Checks the address every connection to a host name uses (crawler/middlewares/address_guard.py).
DNS_RESOLVER = "crawler.middlewares.address_guard.GuardedResolver"

# Rendering (sites with `render`, crawler/render.py): the spider installs scrapy-playwright for
# those crawls only. The browser is the system Chromium: DIFANG_CHROMIUM, else found on PATH.
DIFANG_CHROMIUM = os.environ.get("DIFANG_CHROMIUM") or ""
# Chromium's sandbox: "" or auto (on unless running as root), or 0/false/no/off, 1/true/on.
DIFANG_CHROMIUM_SANDBOX = os.environ.get("DIFANG_CHROMIUM_SANDBOX") or ""
RENDER_PAGE_TIMEOUT = 30.0  # seconds for a page to load and settle
RENDER_WAIT_SELECTOR = ""  # CSS selector that marks a rendered page; empty: wait for network idle
RENDER_BLOCK_RESOURCES = ["image", "font", "media"]  # never fetched by a rendering page
RENDER_CAPTURE_RESOURCES = ["document", "xhr", "fetch"]  # archived as served (WARC response)
RENDER_MAX_PAGES = 4  # pages open at once

# `difang sites probe` (crawler/probe): one request at a time, this many seconds apart, at most
# this many requests (robots.txt, feeds, sitemaps, list pages, samples and rendered pages).
PROBE_DELAY = 1.0
PROBE_MAX_REQUESTS = 40
