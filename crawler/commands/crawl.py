"""``scrapy crawl`` that validates the site definition before anything starts, and whose exit
status says how the crawl ended.

A bad or unknown site, or a ``render`` site with no browser to render it, gives one line naming
the file and field (or what to install) and exit status 2 (Scrapy's UsageError), instead of a
traceback from inside a half-started crawl.

A crawl that fails — a damaged state database, its site's spool held by another crawl, an error
before the engine started, or a crawl stopped for a reason that means failure (the spool cannot
be written, the archive refuses the keys or the bucket) — ends with one line ``crawl of SITE failed: REASON`` and exit status 1, so that
``scheduler.py --once`` and the daemon record a failure, never a success or an interruption.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from core.config import ConfigError, check_environment
from core.sites import SiteError, load_site
from core.sqlite import StateDbError, check_state_db
from crawler.lifecycle import failure_line, stop_with_parent
from crawler.render import BrowserNotFound, browser_for
from storage.session import FAILURE_STAT, SPOOL_FAILURE_REASON, STORE_REFUSED_REASON
from storage.spool import SpoolBusy, SpoolError
from storage.store import StoreRefused

log = logging.getLogger("difang.crawl")
STATE_DATABASES = ("seen.sqlite", "dedupe.sqlite")  # opened by every crawl of every site
# Finish reasons of a crawl that stopped because it could not go on (storage/session.py).
FAILURE_REASONS = frozenset({SPOOL_FAILURE_REASON, STORE_REFUSED_REASON})
# Errors whose message is the whole story: said in one line, without a traceback.
EXPECTED = (SpoolBusy, SpoolError, StateDbError, SiteError, StoreRefused)


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args or args[0] != "portal":
            super().run(args, opts)
            return
        site = (opts.spargs or {}).get("site")
        if not site:
            raise UsageError("say which site to crawl: scrapy crawl portal -a site=NAME", print_help=False)
        assert self.settings is not None
        stop_with_parent()
        try:
            check_environment()
            definition = load_site(self.settings.get("DIFANG_SITES"), site)
            if definition.render:
                browser_for(definition.name, definition.render, self.settings.get("DIFANG_CHROMIUM") or "")
        except SiteError as exc:
            raise UsageError(f"site definition error: {exc}", print_help=False) from None
        except ConfigError as exc:
            raise UsageError(str(exc), print_help=False) from None
        except BrowserNotFound as exc:
            raise UsageError(str(exc), print_help=False) from None
        try:
            for name in STATE_DATABASES:
                check_state_db(Path(self.settings.get("DIFANG_HOME")) / name)
        except StateDbError as exc:
            self._failed(site, str(exc))
            return
        self._crawl(site, opts)

    def _crawl(self, site: str, opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawler = self._create_crawler("portal")
        errors: list[BaseException] = []
        _on_error(self.crawler_process.crawl(crawler, **opts.spargs), errors.append)
        self.crawler_process.start()
        if errors:
            self._failed(site, _one_line(errors[0]), errors[0])
        elif self.crawler_process.bootstrap_failed:
            self._failed(site, "the crawl did not start (see the error above)")
        elif failure := _stat(crawler, FAILURE_STAT):
            self._failed(site, failure)
        elif (reason := _stat(crawler, "finish_reason")) in FAILURE_REASONS:
            self._failed(site, f"stopped with reason {reason} (see the error above)")

    def _failed(self, site: str, reason: str, exc: BaseException | None = None) -> None:
        unexpected = exc is not None and not isinstance(exc, EXPECTED)
        log.error("%s", failure_line(site, reason), exc_info=exc if unexpected else None)
        self.exitcode = 1


def _on_error(started: Any, keep: Callable[[BaseException], None]) -> None:
    """Take the exception of a crawl that failed to start (so asyncio does not print it as
    "never retrieved" with its traceback)."""
    if isinstance(started, asyncio.Future):
        def done(task: asyncio.Future[Any]) -> None:
            error = None if task.cancelled() else task.exception()
            if error is not None:
                keep(error)

        started.add_done_callback(done)
    elif isinstance(started, Deferred):
        def failed(failure: Failure) -> None:
            if failure.value is not None:
                keep(failure.value)

        started.addErrback(failed)


def _one_line(exc: BaseException) -> str:
    said = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)  # no "[Errno 28]"
    text = " ".join(str(said).split())
    return text if isinstance(exc, EXPECTED) and text else f"{type(exc).__name__}: {text}"


def _stat(crawler: Crawler, name: str) -> str:
    return str(crawler.stats.get_value(name) or "") if crawler.stats is not None else ""
