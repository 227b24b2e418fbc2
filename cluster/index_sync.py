"""Every node's query index fed from the crawls the whole cluster ran (:mod:`query.sync`).

The runs come from ``difang_runs`` by id, never from listing the archive. A sync runs

- on every node, in a thread of its own: after each crawl the node's worker ran, and every
  ``DIFANG_INDEX_SYNC_INTERVAL`` seconds (default 60), so an idle node keeps up;
- before ``difang search|show|clusters|export|stats`` read the index (a few seconds at most; with
  the database away the local index is used as it is), and as ``difang sync``.

One sync at a time per ``DIFANG_HOME`` (a file lock); a second one asked for meanwhile is skipped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from cluster.db import DatabaseUnavailable, connect
from daemon.slots import lock_file
from query.index import OutdatedIndex, QueryIndex, index_path
from query.source import ArchiveReader
from query.sync import IndexSync, RunRef, SyncReport
from storage.store import open_store

log = logging.getLogger("difang.cluster")
SYNC_EVERY = 60.0
BATCH = 5000  # run-table rows per sync at most
LOCK_FILE = "index.sync.lock"


class PgRuns:
    """The cluster's run table as a :class:`query.sync.RunSource`."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def _rows(self, where: str, args: Sequence[object]) -> tuple[list[RunRef], int]:
        """The rows ``where`` selects, by id, and the highest id of the table."""
        with connect(self.dsn) as conn:
            found = conn.execute("SELECT to_regclass('difang_runs') IS NOT NULL").fetchone()
            if not found or not found[0]:
                return [], 0  # no node has started on this database yet
            rows = conn.execute(f"SELECT id, run_id, outcome <> 'running' FROM difang_runs WHERE {where}"
                                " ORDER BY id LIMIT %s", (*args, BATCH)).fetchall()
            top = conn.execute("SELECT coalesce(max(id), 0) FROM difang_runs").fetchone()
        return [RunRef(int(i), str(r or ""), bool(e)) for i, r, e in rows], int(top[0] if top else 0)

    def after(self, high: int, also: Sequence[int]) -> list[RunRef]:
        return self._rows("id > %s OR id = ANY(%s)", (high, list(also)))[0]

    def recent(self, since: float) -> tuple[list[RunRef], int]:
        refs, top = self._rows("ended_at >= %s OR outcome = 'running'", (since,))
        return refs, (refs[-1].id if len(refs) >= BATCH else top)  # cut off: the rest next time


def sync_index(dsn: str, home: str | Path, archive: str, *, budget: float = 60.0) -> SyncReport | None:
    """One sync of the index in ``home``; None when another process is syncing it. Raises
    DatabaseUnavailable (one line) when the database cannot be reached."""
    with lock_file(Path(home) / LOCK_FILE) as sole:
        if not sole:
            return None
        source = PgRuns(dsn)
        with QueryIndex(index_path(home)) as index:
            if index.meta("archive") is None:
                index.set_meta("archive", open_store(archive).url)
            report = IndexSync(index, ArchiveReader(open_store(archive)), source).run(budget=budget)
    if report.runs or report.given_up or not report.complete:
        log.info("%s", report.line())
    else:
        log.debug("%s", report.line())
    return report


class NodeIndexSync:
    """The node's sync thread: after each crawl (:meth:`poke`) and every ``every`` seconds."""

    def __init__(self, dsn: str, home: str | Path, archive: str, every: float = SYNC_EVERY) -> None:
        self.dsn = dsn
        self.home = home
        self.archive = archive
        self.every = every
        self._wake = threading.Event()

    def poke(self) -> None:
        self._wake.set()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                report = sync_index(self.dsn, self.home, self.archive)
                again = report is not None and not report.complete
            except (DatabaseUnavailable, OutdatedIndex) as exc:  # the message says what to do
                log.warning("index sync skipped: %s", exc)
                again = False
            except Exception:  # noqa: BLE001 - the archive or the index away: the next round retries
                log.exception("index sync failed; trying again in %.0f s", self.every)
                again = False
            if again:
                continue
            self._wake.wait(self.every or None)  # 0: only when poked
            self._wake.clear()
