"""One crawl, end to end: wait for a slot, run the subprocess, read its report, record it.

Used by the daemon's scheduled jobs and by ``scheduler.py run SITE``. A crawl stopped before it
finished (time limit, daemon shutdown) keeps its Scrapy JOBDIR so the next run resumes it; any
other ending removes the JOBDIR, because a finished crawl's remembered requests would make the
next run skip its start pages.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from core.config import Config
from daemon.alerts import AlertBook, AlertRules
from daemon.command import ROOT, crawl_command, crawl_env, failure_in_log
from daemon.history import RunHistory, RunRow
from daemon.metrics import DaemonMetrics
from daemon.options import DaemonSettings
from daemon.report import CrawlReport, read_report
from daemon.runner import CrawlRunner, ProcessOutcome
from daemon.slots import CrawlSlots, SiteLock
from storage.session import new_run_id
from storage.store import Store, open_store

log = logging.getLogger("difang.daemon")


def outcome_of(process: ProcessOutcome, report: CrawlReport) -> str:
    """What happened, from the process first. A crawl that dies before its engine starts (a
    damaged state file) is closed by Scrapy with the reason "shutdown" too, but exits non-zero:
    a failure, not an interruption."""
    if process.interrupted:
        return "interrupted"
    if process.timed_out:
        return "timeout"
    if process.returncode != 0:
        return "failed"
    if report.finish_reason == "shutdown":
        return "interrupted"  # a clean exit after a SIGTERM from elsewhere (e.g. its cgroup)
    return "ok"


class CrawlService:
    def __init__(self, config: Config, settings: DaemonSettings, *, sites_folder: Path,
                 history: RunHistory, metrics: DaemonMetrics, extra: Sequence[str] = ()) -> None:
        self.config = config
        self.settings = settings
        self.sites_folder = sites_folder
        self.history = history
        self.metrics = metrics
        self.extra = list(extra)
        self.runner = CrawlRunner(settings.kill_grace, fork=settings.crawl_launcher == "fork")
        self.slots = CrawlSlots(settings.max_crawls)
        self.locks = SiteLock(settings.state_path("locks", "-").parent)
        self.rules = AlertRules(settings.silent_runs, settings.field_drop, settings.min_articles)
        self.alerts = AlertBook(history, metrics, settings.webhook)
        self._store: Store | None = None
        self._active = 0
        self._active_lock = threading.Lock()

    @property
    def active(self) -> int:
        """Crawls waiting for a slot or running."""
        with self._active_lock:
            return self._active

    def _count(self, step: int) -> None:
        with self._active_lock:
            self._active += step

    def command(self, site: str, run_id: str) -> list[str]:
        if self.settings.test_crawl_command:
            return [part.replace("{site}", site) for part in self.settings.test_crawl_command]
        return crawl_command(site, [*self.extra, "-s", f"JOBDIR={self.settings.jobdir(site)}",
                                    "-s", f"DIFANG_RUN_ID={run_id}"])

    def crawl(self, site: str, *, trigger: str, scheduled_at: float | None = None,
              hold_open: Sequence[int] = (), sites_folder: Path | None = None,
              defs_version: str = "") -> RunRow | None:
        """Crawl a site now (once a slot is free); None if it did not start. ``hold_open``: file
        descriptors the crawl process inherits and keeps open for as long as it lives, even when
        this process dies first (cluster mode: the connection that holds the site's lock).
        ``sites_folder`` (with ``defs_version``, recorded in the run): where the crawl reads the
        site's definition instead of the service's folder (cluster mode: the job's stored version)."""
        self._count(+1)
        try:
            with self.locks.hold(site) as mine:
                if not mine:
                    log.warning("%s is being crawled by another process: not starting another", site)
                    return None
                with self.slots.slot() as free:
                    if not free:
                        log.warning("crawl of %s not started: the daemon is stopping", site)
                        return None
                    return self._crawl(site, trigger, scheduled_at, hold_open, sites_folder or self.sites_folder,
                                       defs_version)
        finally:
            self._count(-1)

    def _crawl(self, site: str, trigger: str, scheduled_at: float | None, hold_open: Sequence[int],
               sites_folder: Path, defs_version: str) -> RunRow:
        started = time.time()
        run_id = new_run_id(site)
        late = scheduled_at is not None and started - scheduled_at > self.settings.late_after
        if late and scheduled_at is not None:
            log.warning("crawl of %s is late: due at %s, starting %.0f s after", site,
                        datetime.fromtimestamp(scheduled_at, UTC).isoformat(), started - scheduled_at)
        log_path = self._log_path(site, started)
        run = self.history.start(site, trigger, scheduled_at, started, late, str(log_path), defs_version)
        log.info("crawl of %s starting (%s), log %s", site, trigger, log_path)
        self.metrics.running.inc()
        try:
            process = self.runner.run(site, self.command(site, run_id), env=self._env(sites_folder), cwd=ROOT,
                                      log_path=log_path, time_limit=self.settings.time_limit_for(site),
                                      pass_fds=hold_open)
        except OSError as exc:
            log.error("crawl of %s could not start: %s", site, exc)
            process = ProcessOutcome(-1, started, time.time())
        finally:
            self.metrics.running.dec()
        report = read_report(self._archive(), site, process.started, process.ended, run_id=run_id,
                             spool=Path(self.config.home) / "spool" / site)
        outcome = outcome_of(process, report)
        failure = failure_in_log(log_path, site, process.returncode) if outcome == "failed" else ""
        if outcome not in ("interrupted", "timeout"):
            shutil.rmtree(self.settings.jobdir(site), ignore_errors=True)
        row = self.history.finish(run, ended_at=process.ended, outcome=outcome,
                                  exit_status=process.returncode, report=report, failure=failure)
        self.metrics.crawl_finished(site, outcome, duration=process.duration, late=late, ended=process.ended,
                                    articles=report.articles, duplicates=report.duplicates,
                                    pages=report.pages, bytes_=report.bytes, errors=report.errors)
        level = logging.INFO if outcome == "ok" else logging.ERROR
        log.log(level, "crawl of %s %s (exit status %s) in %.1f s: pages=%d articles=%d duplicates=%d "
                "known=%d bytes=%d errors=%s", site, outcome, process.returncode, process.duration,
                report.pages, report.articles, report.duplicates, report.known_articles, report.bytes,
                dict(report.errors) or "none")
        if failure:
            log.error("crawl of %s failed: %s (log %s)", site, failure, log_path)
        if outcome in ("ok", "failed"):
            verdicts = self.rules.evaluate(self.history.finished(site, self.rules.history_needed))
            alerts = self.alerts.apply(site, row, verdicts)
            if alerts:
                self.history.set_alerts(run, alerts)
                row = dataclasses.replace(row, alerts=tuple(alerts))
        self._prune_logs(log_path.parent)
        return row

    def _env(self, sites_folder: Path) -> dict[str, str]:
        return crawl_env(dataclasses.replace(self.config, sites=str(sites_folder)))

    def _archive(self) -> Store:
        if self._store is None:
            self._store = open_store(self.config.archive)
        return self._store

    def _log_path(self, site: str, started: float) -> Path:
        stamp = datetime.fromtimestamp(started, UTC).strftime("%Y%m%dT%H%M%S")
        return self.settings.home / "logs" / site / f"{site}-{stamp}.log"

    def _prune_logs(self, folder: Path) -> None:
        logs = sorted(folder.glob("*.log"))
        for old in logs[: -self.settings.logs_kept]:
            old.unlink(missing_ok=True)
