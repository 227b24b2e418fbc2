"""A node's worker side: a job from the queue becomes today's crawl, under cluster-wide locks.

For the whole crawl the worker holds, on a connection of its own, the session advisory lock of
the site and, when the site has a ``host_group``, the group's: no two crawls of one site (or one
group) ever overlap in the cluster, even if the queue handed out a job twice.

The crawl process inherits that connection's socket and holds it until it exits, so the locks
live exactly as long as the crawl, not as long as the worker: a node killed with SIGKILL takes
its crawls down with it (they get SIGTERM and close cleanly, which takes seconds), and its locks
are released only when the last of them has exited; the server ends the session when the socket
closes. A machine that vanishes altogether loses its session to the TCP keepalives (seconds); a
node cut off from the database, but alive, has its crawls stopped by the fence (cluster/fence.py),
and the next node to take the site waits until they must have stopped. The crawl is the daemon's
CrawlService: subprocess, time limit, report, run history (here in PostgreSQL).

The crawl reads the site definition the job was scheduled with: the version the job names, as
the leader stored it in the database, written once into DIFANG_HOME/cluster/sites/NAME/vN/ (a
version never changes, so a folder written is good for every later job of it). A crawl started
by hand on a node (``--run-now``) reads that node's own file, as a single machine does; so does a
job for a site the database has no definition of.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any, cast

import psycopg

from cluster.db import HOST_GROUP, SITE, DatabaseUnavailable, connect, lock_key
from cluster.fence import LockFence, fence_wait
from cluster.history import AlreadyRan, PgRunHistory
from cluster.queue import CrawlJob
from cluster.sites import defs_version, site_book
from core.config import Config
from core.sites import SiteDefinition, SiteError, load_site_file
from daemon.crawls import CrawlService
from daemon.history import RunHistory, RunRow
from daemon.metrics import DaemonMetrics
from daemon.options import DaemonSettings
from daemon.site_versions_pg import SiteVersions

log = logging.getLogger("difang.cluster")
LOCK_WAIT = 30.0  # seconds a job waits for its site's lock before giving up (the next due comes)
VERSIONS_KEPT = 3  # materialized versions of a site kept on a node (older folders are removed)


class UnknownSite(KeyError):
    """A job names a site neither the database nor this node has a definition of."""


class BadDefinition(RuntimeError):
    """The job's stored site definition cannot be used on this node (the message says why)."""


class ClusterWorker:
    def __init__(self, dsn: str, config: Config, settings: DaemonSettings, node: str,
                 extra: list[str] | None = None) -> None:
        self.dsn = dsn
        self.node = node
        self.config = config
        self.settings = settings
        self.book = site_book(Path(config.sites), settings.home)
        self.book.scan(force=True)
        self._version = defs_version(self.book.snapshot)
        self._book_lock = threading.Lock()
        self.materialized = settings.home / "cluster" / "sites"
        self.history = PgRunHistory(dsn, node=node)
        self.service = CrawlService(config, settings, sites_folder=self.book.snapshot,
                                    history=cast(RunHistory, self.history),  # the same methods, in PostgreSQL
                                    metrics=DaemonMetrics(), extra=extra or [])
        self.fence = LockFence(dsn, self.service.runner, fence_after=settings.fence_after)

    def _own_definition(self, site: str, version: str) -> SiteDefinition | None:
        """This node's last good file of the site, when the database has none. A job scheduled
        from other definitions than this node's reloads the files that changed."""
        with self._book_lock:
            if (site not in self.book.sites or version != self._version) and self.book.scan() is not None:
                self._version = defs_version(self.book.snapshot)
            return self.book.sites.get(site)

    def definition(self, site: str, version: str | None) -> tuple[Path, SiteDefinition, str]:
        """The folder the crawl reads ``site`` from, its definition and its version: the stored
        version the job names (the latest stored one for "" or a job of an older leader); this
        node's own file for None."""
        if version is None:
            return self._own(site, "")
        number = int(version) if version.isdigit() else None
        versions = SiteVersions(self.dsn)
        try:
            if number is None:
                number = versions.latest().get(site)
            if number is not None:
                folder = self.materialized / site / f"v{number}"
                target = folder / f"{site}.yaml"
                loaded = load_site_file(target) if target.exists() else versions.materialize(site, number, folder)
                self._prune(site, number)
                return folder, loaded, str(number)
        except SiteError as exc:
            raise BadDefinition(str(exc)) from None
        finally:
            versions.close()
        return self._own(site, version)

    def _own(self, site: str, version: str) -> tuple[Path, SiteDefinition, str]:
        own = self._own_definition(site, version)
        if own is None:
            raise UnknownSite(site)
        return self.book.snapshot, own, ""

    def _prune(self, site: str, newest: int) -> None:
        for old in (self.materialized / site).glob("v*"):
            if old.name[1:].isdigit() and int(old.name[1:]) <= newest - VERSIONS_KEPT:
                shutil.rmtree(old, ignore_errors=True)

    def handle(self, job: CrawlJob) -> None:
        try:
            if self.crawl_locked(job.site, trigger="schedule", scheduled_at=job.due, wait=LOCK_WAIT,
                                 version=job.defs_version) is None:
                log.warning("crawl of %s due %.0f: another node still crawls it (or its host group)"
                            " after %.0f s: skipped", job.site, job.due, LOCK_WAIT)
        except AlreadyRan:
            log.warning("crawl of %s due %.0f already ran: not again", job.site, job.due)
        except UnknownSite:
            log.error("crawl of %s (due %.0f): no definition of the site in the database or on this node",
                      job.site, job.due)
        except BadDefinition as exc:
            log.error("crawl of %s (due %.0f) not run: its definition version %s: %s", job.site, job.due,
                      job.defs_version or "(latest)", exc)

    def crawl_locked(self, site: str, *, trigger: str, scheduled_at: float | None, wait: float,
                     version: str | None) -> RunRow | None:
        """Crawl ``site`` holding its cluster-wide locks (waiting up to ``wait`` seconds for
        them); None if they stayed taken or the crawl did not start. Raises AlreadyRan for a
        scheduled (site, due) that has a run, UnknownSite for a site without any definition,
        BadDefinition for a stored one that does not load here."""
        folder, definition, number = self.definition(site, version)
        group = definition.host_group
        keys = [lock_key(SITE, site)] + ([lock_key(HOST_GROUP, group)] if group else [])
        conn = connect(self.dsn, application=f"difang-crawl {site}")
        try:
            if not self._lock_all(conn, keys, wait):
                return None
            holdover = fence_wait(conn, site, self.settings.fence_after)
            if holdover > 0:
                log.warning("crawl of %s: its last run did not finish (its node died or was cut off): waiting"
                            " %.0f s, until that crawl must have stopped", site, holdover)
                time.sleep(holdover)
            # the crawl holds the lock connection's socket open: the locks end with the crawl
            with self.fence.watch(site, conn, keys):
                return self.service.crawl(site, trigger=trigger, scheduled_at=scheduled_at,
                                          hold_open=(conn.fileno(),), sites_folder=folder, defs_version=number)
        finally:
            try:
                conn.close()  # the session ends: its advisory locks go with it
            except psycopg.Error:
                pass

    def _lock_all(self, conn: psycopg.Connection[Any], keys: list[int], wait: float) -> bool:
        deadline = time.monotonic() + wait
        for key in keys:
            while True:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
                if row and row[0]:
                    break
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.5)
        return True


def check(dsn: str) -> None:
    """Raise DatabaseUnavailable with one line if the database cannot be reached."""
    with connect(dsn) as conn:
        conn.execute("SELECT 1")


__all__ = ["ClusterWorker", "DatabaseUnavailable", "check"]
