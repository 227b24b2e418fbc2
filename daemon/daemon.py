"""The daemon: scheduler, crawl service, site reloading, health endpoint, and its signals.

SIGHUP reloads the site files. SIGTERM or SIGINT stops it: no new crawls, running ones get
DIFANG_SHUTDOWN_GRACE seconds to finish, then are stopped (SIGTERM, SIGKILL after
DIFANG_KILL_GRACE) and resume on their next run; exit status 0. A second SIGTERM/SIGINT skips
the grace.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from core.config import Config
from core.sqlite import StateDbError, check_state_db, damaged, is_damaged
from daemon import jobs
from daemon.crawls import CrawlService
from daemon.health import HealthServer
from daemon.history import RunHistory
from daemon.metrics import DaemonMetrics
from daemon.options import DaemonSettings
from daemon.reload import SiteBook

log = logging.getLogger("difang.daemon")
TICK = 0.25
JOBS_REPAIR = "move it aside: next runs are computed again from the site schedules"
EXTRA_WORKERS = 8  # threads for jobs that are due while every crawl slot is taken


class DaemonScheduler(BackgroundScheduler):
    """APScheduler 3.11's loop tests its state before waiting, not after: woken by ``shutdown()``
    it processes due jobs once more, advancing their next run times in the store although no
    executor runs them — a run lost at every unlucky shutdown. Stopped means stopped here."""

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        result: float | None = super()._process_jobs()
        return result


def make_scheduler(settings: DaemonSettings, executor: Any = None) -> DaemonScheduler:
    executors = {"default": executor} if executor is not None else {}
    return DaemonScheduler(jobstores={"default": SQLAlchemyJobStore(url=settings.jobstore_url)},
                           executors=executors, timezone=UTC)


@contextmanager
def job_store_errors(settings: DaemonSettings) -> Iterator[None]:
    """A damaged SQLite job store as a one-line StateDbError naming the file and the repair."""
    import sqlalchemy.exc

    try:
        yield
    except sqlalchemy.exc.DatabaseError as exc:
        if exc.orig is None or not is_damaged(exc.orig):
            raise
        raise damaged(settings.jobstore_file or settings.jobstore_url, exc.orig, JOBS_REPAIR) from None


def check_job_store(settings: DaemonSettings) -> None:
    if settings.jobstore_file is not None:
        check_state_db(settings.jobstore_file, JOBS_REPAIR)


def stored_jobs(settings: DaemonSettings) -> list[Job]:
    """The jobs in the store, read without starting a scheduler (which would run due ones); none
    before the daemon's first start."""
    if settings.jobstore_file is not None and not settings.jobstore_file.exists():
        return []
    check_job_store(settings)
    store = SQLAlchemyJobStore(url=settings.jobstore_url)
    with job_store_errors(settings):
        store.start(make_scheduler(settings), "default")
        try:
            return list(store.get_all_jobs())
        finally:
            store.shutdown()


class Daemon:
    def __init__(self, config: Config, settings: DaemonSettings, extra: Sequence[str] = ()) -> None:
        self.config = config
        self.settings = settings
        check_job_store(settings)
        self.history = RunHistory(settings.state_path("runs.sqlite"))
        self.metrics = DaemonMetrics()
        self.sites = SiteBook(Path(config.sites), settings.state_path("sites", "-").parent)
        self.service = CrawlService(config, settings, sites_folder=self.sites.snapshot,
                                    history=self.history, metrics=self.metrics, extra=extra)
        self.executor = jobs.RunTimeExecutor(settings.max_crawls + EXTRA_WORKERS)
        self.scheduler = make_scheduler(settings, self.executor)
        self.jobs = jobs.JobBook(self.scheduler, settings)
        self.health: HealthServer | None = None
        self._stops = 0
        self._reload_now = threading.Event()
        self._stopping = threading.Event()

    # -- signals --------------------------------------------------------------------------------
    def _on_stop(self, number: int, frame: FrameType | None) -> None:
        self._stops += 1
        self._stopping.set()

    def _on_hup(self, number: int, frame: FrameType | None) -> None:
        self._reload_now.set()

    def status(self) -> dict[str, Any]:
        return {
            "status": "stopping" if self._stopping.is_set() else "ok",
            "pid": os.getpid(),
            "running": self.service.runner.running,
            "jobs": self.jobs.next_runs() if not self._stopping.is_set() else {},
            "broken_site_files": dict(self.sites.broken),
            "alerts": [f"{a.site} {a.kind}: {a.message}" for a in self.history.active_alerts()],
        }

    # -- life -----------------------------------------------------------------------------------
    def run(self) -> int:
        lock = self._lock()
        if lock is None:
            return 2
        try:
            return self._run()
        finally:
            os.close(lock)

    def _lock(self) -> int | None:
        path = self.settings.state_path("daemon.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            log.error("another daemon runs with DIFANG_HOME=%s (lock %s)", self.settings.home, path)
            return None
        return fd

    def _bind_health(self) -> HealthServer | None:
        """The health endpoint's port, taken before anything is scheduled: a port in use stops
        the daemon here, in one line, with nothing started."""
        host, port = self.settings.health_host, self.settings.health_port
        try:
            return HealthServer(host, port, self.metrics, self.status)
        except OSError as exc:
            log.error("health endpoint: cannot listen on %s:%d (%s); set DIFANG_HEALTH_PORT to a free port "
                      "(0 picks one) or DIFANG_HEALTH_HOST", host, port, exc.strerror or exc)
            return None

    def _run(self) -> int:
        for hook in self.settings.test_hooks:
            log.warning("test hook %s is set: not for production", hook)
        self.health = self._bind_health()
        if self.health is None:
            return 2
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_hup)
        lost = self.history.mark_lost()
        if lost:
            log.warning("%d crawls were running when the last daemon died: marked lost", lost)
        self.metrics.seed(self.history.last_success(),
                          [(a.site, a.kind) for a in self.history.active_alerts()])
        self._reload(force=True)
        if not self.sites.sites:
            log.error("no usable site definitions in %s", self.config.sites)
            self.health.stop()
            return 2
        jobs.attach(self.service, self.executor)
        try:
            with job_store_errors(self.settings):
                self.scheduler.start(paused=True)  # the store's jobs become visible; nothing runs yet
        except StateDbError:
            self.health.stop()
            raise
        self.jobs.sync(self.sites.sites)
        self.scheduler.resume()  # runs missed while the daemon was down start now, once, late
        self.health.start()
        self._write_state()
        log.info("daemon running: %d sites, at most %d crawls at once, health %s",
                 len(self.sites.sites), self.settings.max_crawls, self.health.url)
        self._loop()
        self._shutdown()
        return 0

    def _loop(self) -> None:
        interval = self.settings.reload_interval
        next_scan = time.monotonic() + interval
        while not self._stopping.wait(TICK):
            if self._reload_now.is_set():
                self._reload_now.clear()
                log.info("SIGHUP: reloading site definitions")
                changed = self._reload(force=True)
            elif interval > 0 and time.monotonic() >= next_scan:
                next_scan = time.monotonic() + interval
                changed = self._reload(force=False)
            else:
                continue
            if changed:
                self.jobs.sync(self.sites.sites)

    def _reload(self, *, force: bool) -> bool:
        changes = self.sites.scan(force=force)
        if changes is None:
            return False
        self.metrics.site_errors.set(len(changes.broken))
        self.metrics.sites.set(len(changes.sites))
        return True

    def _shutdown(self) -> None:
        log.info("stopping: no new crawls")
        self.scheduler.shutdown(wait=False)
        self.service.slots.close()
        grace = self.settings.shutdown_grace
        if self.service.runner.running:
            log.info("waiting up to %.0f s for running crawls: %s", grace,
                     ", ".join(self.service.runner.running))
        deadline = time.monotonic() + grace
        while self.service.runner.running and time.monotonic() < deadline and self._stops < 2:
            time.sleep(TICK)
        self.service.runner.stop_all()
        deadline = time.monotonic() + self.settings.kill_grace + 30
        while self.service.active and time.monotonic() < deadline:
            time.sleep(TICK)
        self.service.runner.close()
        jobs.attach(None, None)
        if self.health is not None:
            self.health.stop()
        self.settings.state_path("daemon.json").unlink(missing_ok=True)
        log.info("daemon stopped")

    def _write_state(self) -> None:
        """Where the daemon is, for the operator and for ``scheduler.py`` commands."""
        assert self.health is not None
        state = {"pid": os.getpid(), "health": self.health.url, "started_at": time.time()}
        path = self.settings.state_path("daemon.json")
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, path)
