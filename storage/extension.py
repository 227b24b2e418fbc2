"""The crawl's archive session as a Scrapy component: built from settings, handed to the others.

One per crawl: the :class:`storage.session.CrawlSession` of the site being crawled (WARC writer,
spool, uploader, run journal, run file) and the one seen-URL store of the crawl
(``DIFANG_HOME/seen.sqlite``, or PostgreSQL in cluster mode: the ``DIFANG_DATABASE`` setting, else
the environment variable). The components that write to or read from them — the WARC and
render capture and seen-URL middlewares, the dedupe and archive stages — find this extension
in their own ``from_crawler`` (:meth:`ArchiveSession.of`); none of them opens the store itself.

``ARCHIVE_ENABLED=False`` switches it off (``NotConfigured``), and with it every component that
needs it: a dry run (``scrapy parse``, ``scrapy shell``, ``-O`` feeds) writes no WARC, spool or
run file and marks nothing as seen. A spider other than the portal spider names no site
(``DIFANG_SITE``), so there is nothing to archive either.

The session is opened here, in ``from_crawler``, not at ``spider_opened``: a spool that cannot be
locked or recovered must stop the crawl before it starts, and an exception in a signal handler
would only be logged.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object
from twisted.internet import task

from core.config import crawl_database
from core.sqlite import StateDbError
from storage.seen import SeenUrls, open_seen_urls
from storage.session import CrawlSession, SpoolLimits

log = logging.getLogger(__name__)


class ArchiveSession:
    def __init__(self, session: CrawlSession, seen: SeenUrls, *, check_interval: float,
                 stats: StatsCollector | None = None) -> None:
        self.session = session
        self.seen = seen
        self.check_interval = check_interval
        self.stats = stats
        self._guard: task.LoopingCall | None = None
        self.run: dict[str, Any] = {}  # the run summary, once closed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveSession:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED", True):
            log.info("ARCHIVE_ENABLED is off: a dry run; no WARC, spool or run file, nothing marked seen")
            raise NotConfigured
        site = settings.get("DIFANG_SITE")
        if not site:  # not the portal spider (scrapy shell, say): no site, nothing to archive
            raise NotConfigured
        home = Path(settings.get("DIFANG_HOME"))
        limits = SpoolLimits(max_bytes=settings.getint("SPOOL_MAX_BYTES"),
                             close_timeout=settings.getfloat("SPOOL_CLOSE_TIMEOUT"),
                             retry_max_delay=settings.getfloat("SPOOL_RETRY_MAX_DELAY"))
        session = CrawlSession(
            site, archive_url=settings.get("DIFANG_ARCHIVE"), home=home,
            warc_max_bytes=settings.getint("WARC_MAX_BYTES"), operator=settings.get("WARC_OPERATOR", ""),
            run_id=settings.get("DIFANG_RUN_ID") or None, limits=limits,
            index=load_object(feed) if (feed := settings.get("ARCHIVE_INDEX_FEED")) else None,
        )
        try:
            seen = open_seen_urls(home, crawl_database(settings))
        except (OSError, sqlite3.Error, StateDbError):
            session.close({}, "seen_urls_unavailable")
            raise
        session.attach(crawler)  # pause over the spool cap, stop on an unwritable spool
        ext = cls(session, seen, check_interval=settings.getfloat("SPOOL_CHECK_INTERVAL"), stats=crawler.stats)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @classmethod
    def of(cls, crawler: Crawler) -> ArchiveSession | None:
        """The crawl's archive session, None when it is switched off (for other components'
        ``from_crawler``: extensions are built before middlewares and pipelines)."""
        return crawler.get_extension(cls)

    @classmethod
    def required_by(cls, crawler: Crawler) -> ArchiveSession:
        """The session, for a component that has no work without it: ``NotConfigured`` when the
        archive is off (said once, by this extension)."""
        archive = cls.of(crawler)
        if archive is None:
            raise NotConfigured
        return archive

    def engine_started(self) -> None:
        self._guard = task.LoopingCall(self.session.check_spool)
        self._guard.start(self.check_interval, now=True)

    def spider_closed(self, reason: str) -> None:
        """Last of the crawl: every pipeline has finished, so the run file describes it all."""
        if self.session.closed:
            return
        if self._guard is not None and self._guard.running:
            self._guard.stop()
        stats = self.stats.get_stats() if self.stats is not None else {}
        details = getattr(self.session.crawler.spider, "run_details", None) if self.session.crawler else None
        self.run = self.session.close(stats, reason, details() if callable(details) else None)
        self.seen.close()
        if not self.run.get("uploads_complete", True):
            log.error("run %s: some files were not uploaded and wait in the spool", self.session.run_id)
