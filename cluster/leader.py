"""Leader election and scheduling: exactly one node runs APScheduler and enqueues crawls.

Every node runs an Elector. It tries for the leader's session advisory lock on a connection of
its own; the one that gets it is the leader until that connection ends. The leader checks its
connection every second: when the database is lost it stops scheduling at once (the scheduler is
paused before anything else), and the node becomes a candidate again, reconnecting. A standby
polls for the lock every second; a leader killed outright loses its session when its socket
closes (or, for a vanished machine, after the TCP keepalives of cluster/db.py), so a standby
takes over within seconds.

APScheduler computes each site's dues from its schedule (the daemon's triggers); at each due the
leader enqueues ``crawl(site, due, version)``: the version of the site's definition it scheduled
from, stored in the database (daemon/site_versions_pg.py) from the leader's last good files, so
the worker that takes the job crawls that very definition. ``difang_schedule`` keeps the newest due enqueued per site,
so a new leader never enqueues a due twice. A site whose previous job still waits is not queued
again (the queue's queueing lock): one waiting run per site.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from cluster import compaction
from cluster.db import LEADER, DatabaseUnavailable, connect, lock_key, session
from cluster.history import PgRunHistory
from cluster.queue import CrawlJob, CrawlQueue
from cluster.sites import site_book
from core.config import Config
from daemon.jobs import RunTimeExecutor
from daemon.options import DaemonSettings
from daemon.schedules import schedule_of, trigger_for
from daemon.site_versions_pg import SiteVersions

log = logging.getLogger("difang.cluster")
CHECK_EVERY = 1.0  # seconds between the leader's checks of its lock connection
SWEEP_EVERY = 3.0  # seconds between sweeps of stalled jobs and lost runs
PRUNE_EVERY = 3600.0  # seconds between deletions of old finished jobs


class Elector:
    def __init__(self, dsn: str, config: Config, settings: DaemonSettings, queue: CrawlQueue, node: str) -> None:
        self.dsn = dsn
        self.config = config
        self.settings = settings
        self.queue = queue
        self.node = node
        self.history = PgRunHistory(dsn, node=node)
        self.book = site_book(Path(config.sites), settings.home)
        self.leading = threading.Event()
        self.enqueued = 0
        self._executor = RunTimeExecutor(4)
        self._scheduler: BackgroundScheduler | None = None
        self.site_versions = SiteVersions(dsn)
        self._versions: dict[str, int] = {}  # site -> stored version of its definition

    # -- the loop of one node ------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        delay = 1.0
        while not stop.is_set():
            try:
                conn = connect(self.dsn, application=f"difang-leader {self.node}")
            except DatabaseUnavailable as exc:
                log.error("%s: retrying in %.0f s", exc, delay)
                stop.wait(delay)
                delay = min(delay * 2, 10.0)
                continue
            delay = 1.0
            try:
                self._candidate(conn, stop)
            except (psycopg.Error, DatabaseUnavailable) as exc:
                self._step_down(f"lost the database ({_one_line(exc)})")
            except Exception:
                log.exception("leader loop failed: stepping down, trying again")
                self._step_down("an error in the leader loop")
                stop.wait(delay)
            finally:
                try:
                    conn.close()
                except psycopg.Error:
                    pass
        self._step_down("stopping")

    def _candidate(self, conn: psycopg.Connection[Any], stop: threading.Event) -> None:
        key = lock_key(LEADER, "scheduler")
        while not stop.is_set():
            if self._stands():
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
                if row and row[0]:
                    break
            else:
                conn.execute("SELECT 1")  # the database is still there
            stop.wait(CHECK_EVERY)
        else:
            return
        self._lead()
        next_sweep = 0.0
        next_prune = time.monotonic() + 60
        while not stop.wait(CHECK_EVERY):
            conn.execute("SELECT 1")  # raises when the database is gone: scheduling stops at once
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + SWEEP_EVERY
                self._housekeeping()
            if time.monotonic() >= next_prune:
                next_prune = time.monotonic() + PRUNE_EVERY
                self.queue.prune()
            self._reload()

    def _stands(self) -> bool:
        """A node stands for leader only with site files of its own: a node added as a worker
        alone (no files) would schedule nothing if it led."""
        if not self.book.sites:
            self.book.scan()
        return bool(self.book.sites)

    # -- leading -------------------------------------------------------------------------------
    def _lead(self) -> None:
        self.book.scan(force=True)
        self._versions = self.site_versions.sync(self.book.snapshot)
        self._executor = RunTimeExecutor(4)  # a scheduler shut down takes its executor with it
        scheduler = BackgroundScheduler(executors={"default": self._executor}, timezone=UTC)
        self._scheduler = scheduler
        self._sync_jobs()
        scheduler.add_job(compaction.daily_compaction, trigger=compaction.trigger(), id=compaction.JOB_ID,
                          args=(self.config.archive, self.settings.home), coalesce=True, max_instances=1,
                          misfire_grace_time=3600)
        scheduler.start()
        self.leading.set()
        log.info("node %s is the leader: scheduling %d sites", self.node, len(self.book.sites))
        self._catch_up()

    def _catch_up(self) -> None:
        """Dues that fell while no node led (the old leader dead, the new one not yet elected) run
        late, as a daemon's missed runs do: per site the latest one after the last due enqueued,
        if within the misfire grace (coalesced, as APScheduler does)."""
        now = datetime.now(UTC)
        try:
            with session(self.dsn) as conn:
                last = dict(conn.execute("SELECT site, last_due FROM difang_schedule").fetchall())
        except (psycopg.Error, DatabaseUnavailable) as exc:
            self._step_down(f"could not read the schedule ({_one_line(exc)})")
            return
        for name, site in sorted(self.book.sites.items()):
            if name not in last:
                continue  # never scheduled: its first due is ahead
            start = max(float(last[name]), now.timestamp() - self.settings.misfire_grace)
            missed = latest_fire(trigger_for(site, self.settings.test_schedules),
                                 datetime.fromtimestamp(start, UTC), now)
            if missed is not None and missed.timestamp() > float(last[name]):
                log.info("crawl of %s due %s fell while no node led: enqueued late", name, missed.isoformat())
                self._enqueue(name, missed.timestamp())

    def _step_down(self, why: str) -> None:
        if not self.leading.is_set():
            return
        self.leading.clear()  # first: a due firing now enqueues nothing
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        log.warning("node %s stopped scheduling: %s", self.node, why)

    def _sync_jobs(self) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return
        wanted = {}
        for name, site in sorted(self.book.sites.items()):
            wanted[name] = schedule_of(site, self.settings.test_schedules)
            job = scheduler.get_job(name)
            if job is not None and job.kwargs.get("schedule") == wanted[name]:
                continue
            scheduler.add_job(self._fire, trigger=trigger_for(site, self.settings.test_schedules), id=name,
                              name=name, kwargs={"site": name, "schedule": wanted[name]}, replace_existing=True,
                              coalesce=True, max_instances=1, misfire_grace_time=self.settings.misfire_grace)
        for job in scheduler.get_jobs():
            if job.id not in wanted and job.id != compaction.JOB_ID:
                scheduler.remove_job(job.id)

    def _reload(self) -> None:
        if self.settings.reload_interval <= 0:
            return
        if self.book.scan(force=False) is not None:
            self._versions = self.site_versions.sync(self.book.snapshot)
            self._sync_jobs()

    def _fire(self, site: str, schedule: str = "") -> None:
        if not self.leading.is_set():
            return
        due_at = self._executor.due(site)
        self._enqueue(site, due_at.timestamp() if due_at else time.time())

    def _enqueue(self, site: str, due: float) -> None:
        definition = self.book.sites.get(site)
        if definition is None:
            return
        try:
            if not self._claim_due(site, due):
                log.info("crawl of %s due %.0f was already enqueued", site, due)
                return
            version = self._versions.get(site)
            job = CrawlJob(site=site, due=due, defs_version="" if version is None else str(version),
                           lock=definition.host_group or site)
            if self.queue.enqueue(job):
                self.enqueued += 1
            else:
                log.warning("crawl of %s due %.0f not queued: its previous run is still waiting", site, due)
        except (psycopg.Error, DatabaseUnavailable) as exc:
            self._step_down(f"could not enqueue the crawl of {site} ({_one_line(exc)})")

    def _claim_due(self, site: str, due: float) -> bool:
        with session(self.dsn) as conn:
            row = conn.execute(
                "INSERT INTO difang_schedule (site, last_due) VALUES (%s, %s) ON CONFLICT (site) DO UPDATE"
                " SET last_due = EXCLUDED.last_due WHERE difang_schedule.last_due < EXCLUDED.last_due"
                " RETURNING site", (site, due)).fetchone()
            return row is not None

    def _housekeeping(self) -> None:
        stalled = self.queue.sweep_stalled()
        lost = self.history.mark_lost()
        if stalled or lost:
            log.warning("%d jobs of vanished workers failed, %d runs marked lost", stalled, lost)


def latest_fire(trigger: BaseTrigger, after: datetime, now: datetime) -> datetime | None:
    """The trigger's last fire time in ``(after, now]``, None if it has none there."""
    latest = None
    fire = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return latest


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
