"""What the pages read: the query context of the ``difang`` commands, the site files and the
daemon's stores — opened read-only, and reopened when they are replaced underneath.

The server handles requests on one thread (its event loop), so one context — one pair of SQLite
connections to the index — serves every request. ``difang reindex`` swaps a new index file in
(``os.replace``); the context notices the new file on the next request and reopens.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from archive.cli.context import Context
from cluster import database_url, where_of
from core.config import Config
from core.sites import SiteDefinition, SiteError, load_site_file, site_files
from daemon.cli import JobRow, job_rows
from daemon.history import RunHistory
from daemon.options import DaemonSettings
from query.index import index_path

if TYPE_CHECKING:
    from apscheduler.job import Job

log = logging.getLogger("difang.web")
RUNS_FILE = "runs.sqlite"
SITES_TTL = 5.0  # seconds a reading of the site files is reused


@dataclass(frozen=True)
class SiteFiles:
    sites: dict[str, SiteDefinition]  # the valid files, by name
    broken: dict[str, str]  # file name -> the one-line error
    last_good: dict[str, SiteDefinition]  # file name -> what the daemon still runs (its snapshot)
    error: str = ""  # the folder itself is missing

    @property
    def running(self) -> dict[str, SiteDefinition]:
        """The sites as the daemon runs them: valid files, and the last good copy of broken ones."""
        return {**{site.name: site for site in self.last_good.values()}, **self.sites}


def _stamp(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is (writes to it keep it; a file swapped in changes it)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


class WebState:
    def __init__(self, config: Config, *, pywb_url: str = "") -> None:
        self.config = config
        self.daemon = DaemonSettings.from_env(config)
        self.pywb_url = pywb_url.rstrip("/")
        self._context: Context | None = None
        self._index_stamp: tuple[int, int] | None = None
        self._sites: tuple[float, SiteFiles] | None = None

    # -- the query side ------------------------------------------------------------------------
    def context(self) -> Context:
        """The commands' context, on a fresh connection if the index file was replaced."""
        stamp = _stamp(index_path(self.config.home))
        if self._context is None or stamp != self._index_stamp:
            self.close()
            self._context = Context(self.config, out=io.StringIO())
            self._index_stamp = stamp
        return self._context

    def close(self) -> None:
        ctx, self._context = self._context, None
        if ctx is None:
            return
        if "index" in ctx.__dict__:
            ctx.index.close()
        current = ctx.__dict__.get("current")
        if current is not None:
            current.close()

    # -- site files ----------------------------------------------------------------------------
    def site_files(self) -> SiteFiles:
        now = time.monotonic()
        if self._sites is not None and now - self._sites[0] < SITES_TTL:
            return self._sites[1]
        found = self._read_sites()
        self._sites = (now, found)
        return found

    def _read_sites(self) -> SiteFiles:
        sites: dict[str, SiteDefinition] = {}
        broken: dict[str, str] = {}
        try:
            paths = site_files(self.config.sites)
        except SiteError as exc:
            return SiteFiles({}, {}, {}, str(exc))
        for path in paths:
            try:
                site = load_site_file(path)
            except SiteError as exc:
                broken[path.name] = str(exc)
                continue
            if site.name in sites:
                broken[path.name] = f"{path}: name: {site.name!r} is already defined in {sites[site.name].path}"
                continue
            sites[site.name] = site
        last_good = {}
        for name in broken:
            saved = self.daemon.home / "daemon" / "sites" / name
            if saved.is_file():
                try:
                    last_good[name] = load_site_file(saved)
                except SiteError:
                    pass
        return SiteFiles(sites, broken, last_good)

    # -- the daemon's stores -------------------------------------------------------------------
    @property
    def history_path(self) -> Path | str:
        """Where the run history is: runs.sqlite, or in cluster mode the table in PostgreSQL."""
        dsn = database_url()
        if dsn:
            return f"difang_runs on {where_of(dsn)}"
        return self.daemon.home / "daemon" / RUNS_FILE

    def history(self) -> RunHistory | None:
        """The daemon's run history, read-only; None where no daemon has run. In cluster mode
        (DIFANG_DATABASE) the cluster's, from PostgreSQL: every node's web UI shows the same."""
        if database_url():
            return self._cluster_history(database_url())
        path = self.daemon.home / "daemon" / RUNS_FILE
        if not path.is_file():
            return None
        try:
            return RunHistory(path, read_only=True)
        except sqlite3.Error as exc:
            log.warning("run history %s unreadable: %s", path, exc)
            return None

    def _cluster_history(self, dsn: str) -> RunHistory | None:
        try:
            from cluster.reads import DatabaseUnavailable, run_history
        except ImportError as exc:
            log.warning("DIFANG_DATABASE is set but the cluster extra is missing: %s", exc)
            return None
        try:
            found = run_history(dsn)
        except DatabaseUnavailable as exc:
            log.warning("%s", exc)
            return None
        return cast(RunHistory, found)  # the same methods, in PostgreSQL

    def jobs(self, sites: dict[str, SiteDefinition]) -> list[JobRow]:
        """Next run per site: the daemon's job store where there is one, else from the schedules."""
        return job_rows(sites, self._stored_jobs(), self.daemon)

    def _stored_jobs(self) -> dict[str, Job]:
        from daemon.daemon import stored_jobs

        try:
            return {job.id: job for job in stored_jobs(self.daemon)}
        except Exception as exc:  # an unreachable or foreign job store must not break the board
            log.warning("job store %s unreadable: %s", self.daemon.jobstore_url, exc)
            return {}

    def log_tail(self, path: str, lines: int) -> list[str] | None:
        """The last ``lines`` lines of a crawl log under DIFANG_HOME/logs (None: none there)."""
        logs = (self.daemon.home / "logs").resolve()
        try:
            target = Path(path).resolve()
        except (OSError, ValueError):
            return None
        if not path or not target.is_relative_to(logs) or not target.is_file():
            return None
        with open(target, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 200 * lines))
            data = fh.read()
        text = data.decode("utf-8", errors="replace").splitlines()
        return text[-lines:] if size <= 200 * lines else text[1:][-lines:]
