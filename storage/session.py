"""One crawl's archive session: store, spool, uploader, WARC writer, run journal and run file.

In a crawl, the archive-session extension (storage.extension) opens it from the
crawl's settings before the engine starts, and closes it last, after every pipeline has
finished, so the run file and the manifest describe the whole crawl. Its limits are plain
values here; their defaults are the crawl's settings (crawler/settings.py, ``SPOOL_*``).

Durability (README, "Durability"):

- the site's spool is locked for the crawl's lifetime, and whatever an earlier process left in
  it is recovered (storage.recovery) and queued for upload before any new file;
- every file goes to the spool first; the crawl never waits on the store. Past
  ``SPOOL_MAX_BYTES`` of files waiting for the store, the engine is paused (and resumed once
  uploads have brought it under the low-water mark);
- a spool that cannot be written (disk full, read-only, no permission) stops the crawl with
  the reason ``spool_unwritable``; what was written before is left complete;
- a store that refuses the crawl's keys or bucket for good stops it with the reason
  ``archive_refused``; everything stays in the spool for a crawl with the right keys;
- either way the reason in one line is the stat ``difang/failure`` (in the run file when it came
  before the end: a refusal at the last uploads is known only after the run file is written);
- at the end the session waits up to ``SPOOL_CLOSE_TIMEOUT`` seconds for uploads; what is left
  stays in the spool for the next crawl of the site, and the log says so.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from storage.journal import RunJournal, file_sha256, finish_run, journal_path
from storage.recovery import RecoveryReport, recover_spool, salvage_unfinished
from storage.spool import SpoolError, SpoolLock, Uploader, describe_os_error
from storage.store import Store, open_store, sha256_hex
from storage.warc import FinishedWarc, WarcWriter

log = logging.getLogger(__name__)

RESUME_FRACTION = 0.8  # resume once the spool is back under 80% of the cap
SPOOL_FAILURE_REASON = "spool_unwritable"
STORE_REFUSED_REASON = "archive_refused"
FAILURE_STAT = "difang/failure"


RUN_ID_RE = re.compile(r"^(?P<site>[a-z0-9_-]+)-\d{14}-[0-9a-f]{6}$")


def new_run_id(site: str, when: datetime | None = None) -> str:
    """``SITE-YYYYMMDDhhmmss-xxxxxx``: the UTC start second and 24 random bits."""
    when = when or datetime.now(UTC)
    return f"{site}-{when.astimezone(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def check_run_id(site: str, run_id: str) -> str:
    """A run id handed in by the caller (the daemon, via DIFANG_RUN_ID) must be of the site."""
    match = RUN_ID_RE.match(run_id)
    if match is None or match.group("site") != site:
        raise ValueError(f"run id {run_id!r} is not of the form {site}-YYYYMMDDhhmmss-xxxxxx")
    return run_id


@dataclass(frozen=True)
class SpoolLimits:
    """How a crawl treats its spool: the ``SPOOL_*`` settings (defaults in crawler/settings.py)."""

    max_bytes: int  # pause the crawl past this many bytes waiting for the store
    close_timeout: float  # seconds the end of a crawl waits for uploads
    retry_max_delay: float  # longest wait between two tries of an upload


class RecordFeed(Protocol):
    """Where a session's clean records also go once archived: the local query index (the
    ``query`` package's ``IndexFeed``, passed in by the layer above). Never raises: a cache."""

    def add(self, record: dict[str, Any], clean_key: str) -> None: ...

    def flush(self) -> None: ...


class NoFeed:
    def add(self, record: dict[str, Any], clean_key: str) -> None:
        pass

    def flush(self) -> None:
        pass


FeedFactory = Callable[[Path, str], RecordFeed]  # (home, archive URL) -> feed


class CrawlSession:
    def __init__(self, site: str, *, archive_url: str, home: str | os.PathLike[str],
                 warc_max_bytes: int = 1 << 30, operator: str = "", store: Store | None = None,
                 run_id: str | None = None, limits: SpoolLimits | None = None,
                 index: FeedFactory | None = None) -> None:
        """``limits`` None: no cap, and the uploader's own delays (a session outside a crawl).
        ``index`` makes the feed of archived clean records (None: not fed anywhere)."""
        self.site = site
        self.started_at = datetime.now(UTC)
        self.run_id = check_run_id(site, run_id) if run_id else new_run_id(site, self.started_at)
        self.home = Path(home)
        self.spool = self.home / "spool" / site
        self.max_spool_bytes = limits.max_bytes if limits is not None else None
        self.close_timeout = limits.close_timeout if limits is not None else Uploader.CLOSE_TIMEOUT
        self.lock = SpoolLock(self.spool)
        try:
            self.spool.mkdir(parents=True, exist_ok=True)
            self.lock.acquire()
            self.store = store or open_store(archive_url)
            self.uploader = Uploader(self.store, self.spool, max_backoff=limits.retry_max_delay
                                     if limits is not None else Uploader.MAX_BACKOFF)
            self.recovery: RecoveryReport = self._recover()
            self.recovered = self.uploader.recover()
            self.journal = RunJournal(journal_path(self.spool, self.run_id), {
                "run_id": self.run_id, "site": site, "started_at": self.started_at.isoformat()})
        except OSError as exc:
            self.lock.release()
            raise SpoolError(exc.errno, describe_os_error(exc, self.spool)) from exc
        self.warc = WarcWriter(self.spool, site, max_bytes=warc_max_bytes, operator=operator,
                               on_finished=self._warc_finished, on_opened=self.journal.warc_opened,
                               on_error=self._spool_failed)
        self.index = index(self.home, self.store.url) if index is not None else NoFeed()
        self.articles = 0
        self.closed = False
        self.failure: str | None = None
        self.failure_reason = SPOOL_FAILURE_REASON
        self.paused = False
        self.crawler: Any = None

    def _recover(self) -> RecoveryReport:
        try:
            return recover_spool(self.spool)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
        # A spool left full: recovery needs a little room (CDXJ, manifest, run file). Upload
        # what is complete already to make it, then try once more.
        log.warning("spool %s is full: uploading the complete files in it before recovery", self.spool)
        self.uploader.recover()
        self.uploader.drain(self.close_timeout)
        return recover_spool(self.spool)

    # -- wiring into a running crawl ------------------------------------------------------------
    def attach(self, crawler: Any) -> None:
        """Let the session pause, resume and stop ``crawler`` (see :meth:`check_spool`)."""
        self.crawler = crawler

    def spooled_bytes(self) -> int:
        """Bytes in the spool that the store does not have yet, the open WARC file included."""
        return self.uploader.pending_bytes() + self.warc.open_bytes()

    def check_spool(self) -> None:
        """Pause the crawl over the cap, resume it under the low-water mark."""
        engine = getattr(self.crawler, "engine", None)
        if engine is None or self.closed or self.max_spool_bytes is None:
            return
        if self.uploader.refused and self.failure is None:
            self._failed(self.uploader.refused, STORE_REFUSED_REASON)
            self._stop_crawl()
            return
        used = self.spooled_bytes()
        if not self.paused and used >= self.max_spool_bytes:
            self.paused = True
            engine.pause()
            # The open WARC file goes into the queue too, or it could never free its space.
            self._finish_warc()
            log.warning("spool %s holds %d bytes not yet in %s (SPOOL_MAX_BYTES=%d): crawl paused "
                        "until uploads free space", self.spool, used, self.store.url, self.max_spool_bytes)
        elif self.paused and used < self.max_spool_bytes * RESUME_FRACTION:
            self.paused = False
            engine.unpause()
            log.warning("spool %s down to %d bytes: crawl resumed", self.spool, used)

    def _spool_failed(self, exc: OSError) -> None:
        if self.failure is not None:
            return
        self._failed(describe_os_error(exc, self.spool), SPOOL_FAILURE_REASON)
        log.error("%s: stopping the crawl; everything written before stays complete in the spool "
                  "and is uploaded by this or the next crawl", self.failure)
        if self.crawler is not None and getattr(self.crawler, "engine", None) is not None:
            from twisted.internet import reactor

            cast(Any, reactor).callLater(0, self._stop_crawl)

    def _failed(self, failure: str, reason: str) -> None:
        self.failure, self.failure_reason = failure, reason
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.set_value(FAILURE_STAT, failure)

    def _stop_crawl(self) -> None:
        from scrapy.utils.defer import deferred_from_coro

        engine = self.crawler.engine
        if engine is not None and engine.spider is not None and not self.closed:
            deferred_from_coro(engine.close_spider_async(reason=self.failure_reason))

    # -- writing --------------------------------------------------------------------------------
    def _warc_finished(self, done: FinishedWarc) -> None:
        for key, path in ((done.cdxj_key, done.cdxj_path), (done.key, done.path)):
            self.journal.object(key, file_sha256(path), path.stat().st_size)
        # The index goes up first: a WARC in the store always has its CDXJ beside it.
        self.uploader.submit(done.cdxj_key)
        self.uploader.submit(done.key)

    def _finish_warc(self) -> None:
        try:
            self.warc.close()
        except OSError as exc:
            self._spool_failed(exc)

    def stored_record(self, key: str) -> dict[str, Any] | None:
        """The clean record under ``key`` if this site's spool or the archive has it already.

        The spool is read first: the uploader deletes a file only after the store holds it.
        """
        path = self.uploader.path_for(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            try:
                data = self.store.get(key)
            except KeyError:
                return None
        try:
            found = json.loads(data)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def add_record(self, key: str, record: dict[str, Any], data: bytes) -> None:
        try:
            raw = record.get("raw") or {}
            if raw.get("warc") == self.warc.open_key:
                self.warc.sync()  # the record's raw pointer must never outlive what it points at
            self.uploader.write(key, data)
            self.journal.object(key, sha256_hex(data), len(data))
            self.journal.record(data)
        except OSError as exc:
            self._spool_failed(exc)
            raise SpoolError(exc.errno, f"clean record {key} not spooled: {self.failure}") from exc
        self.articles += 1
        self.index.add(record, key)  # never raises: the index is a cache

    # -- the end --------------------------------------------------------------------------------
    def close(self, stats: Mapping[str, Any], reason: str, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Finish the WARC, manifest and run file; wait for uploads. Returns the run summary.
        ``details`` go into the run file under their own keys."""
        if self.closed:
            return {}
        self.closed = True
        self._finish_warc()
        self.index.flush()
        self.journal.close()
        run: dict[str, Any] = {"run_id": self.run_id, "articles": self.articles}
        try:
            salvaged = RecoveryReport()
            # a file abandoned after a write error; not the complete ones the uploader has queued
            # (this run's finished files, and those recovery finished at start): it may be taking them
            salvage_unfinished(self.spool, salvaged, finished=self.uploader.warcs_taken())
            for key in salvaged.warcs_salvaged:
                self.uploader.submit(key[: -len(".warc.gz")] + ".cdxj")
                self.uploader.submit(key)
            if self.uploader.refused and self.failure is None:  # refused while closing
                self._failed(self.uploader.refused, STORE_REFUSED_REASON)
            if self.failure is not None:
                reason = self.failure_reason
            run = finish_run(self.spool, self.journal.path, reason=reason, stats=stats,
                             finished_at=datetime.now(UTC), submit=self.uploader.submit, details=details)
        except OSError as exc:
            log.error("run file of %s not written (%s); the next crawl of %s writes it from the "
                      "run journal", self.run_id, describe_os_error(exc, self.spool), self.site)
        ok = self.uploader.close(self.close_timeout)
        if self.uploader.refused and self.failure is None:  # refused at the last uploads
            self._failed(self.uploader.refused, STORE_REFUSED_REASON)
        self.lock.release()
        run["uploads_complete"] = ok
        run["upload_stats"] = dict(self.uploader.stats)
        return run
