"""The fence: a crawl whose cluster-wide lock may be gone is stopped, and the next holder of the
lock waits until that crawl must have stopped.

A node killed outright keeps no crawl alive past its locks (cluster/worker.py: the crawl holds
the lock's socket). A node cut off from the database is another matter: its crawls go on while
the server, its keepalives failing, ends the session and frees the site's lock, and another
node may take the site. So on every node a :class:`LockFence` checks, every second on a
connection of its own, that the sessions holding its crawls' locks still hold them. A crawl whose
locks are gone, or that could not be confirmed for ``FENCE_AFTER`` seconds, is stopped: SIGTERM,
then SIGKILL after ``FENCE_GRACE`` seconds (what it archived is in its durable spool; the rest is
fetched again by the next crawl).

The other half is :func:`fence_wait`: a worker that takes a site's lock while the site's last run
is unfinished (``running``) or was found ``lost`` moments ago cannot tell a dead node from a cut-off
one, so it waits ``HOLDOVER`` seconds — longer than a cut-off node takes to stop that crawl —
from the later of now and when the run was found lost, before it starts its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import psycopg

from cluster.db import DatabaseUnavailable, connect

log = logging.getLogger("difang.cluster")
CHECK_EVERY = 1.0  # seconds between checks of the locks
FENCE_AFTER = 5.0  # seconds without a confirmation before a crawl is stopped
FENCE_GRACE = 5.0  # seconds a fenced crawl gets to close after SIGTERM
# how long after its lock was lost a crawl is stopped at the latest (a check may be in flight),
# plus the grace and a margin for clocks: the next holder waits this long
HOLDOVER = FENCE_AFTER + CHECK_EVERY + FENCE_GRACE + 2.0


class Stopper(Protocol):
    def stop(self, site: str, grace: float | None = None) -> bool: ...


@dataclass
class _Watch:
    site: str
    pid: int  # the backend of the session holding the crawl's locks
    keys: int  # how many advisory locks it holds
    confirmed: float = field(default_factory=time.monotonic)
    lost: str = ""  # why the crawl is being stopped ("" while it is not)
    stopped: bool = False


class LockFence:
    def __init__(self, dsn: str, runner: Stopper, *, fence_after: float = FENCE_AFTER,
                 every: float = CHECK_EVERY) -> None:
        self.dsn = dsn
        self.runner = runner
        self.fence_after = fence_after
        self.every = every
        self._watches: dict[int, _Watch] = {}
        self._lock = threading.Lock()
        self._checking = False
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, site: str, conn: psycopg.Connection[Any], keys: int) -> Iterator[None]:
        """Fence the crawl of ``site`` run in this block, whose ``keys`` locks ``conn`` holds."""
        watch = _Watch(site, conn.info.backend_pid, keys)
        with self._lock:
            self._watches[id(watch)] = watch
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="lock-fence", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._watches.pop(id(watch), None)

    def _loop(self) -> None:
        while True:
            time.sleep(self.every)
            with self._lock:
                watches = list(self._watches.values())
                start = bool(watches) and not self._checking
                if start:
                    self._checking = True
            if start:  # a check may hang on a cut connection: never more than one in flight
                threading.Thread(target=self._check, args=(watches,), name="lock-check", daemon=True).start()
            now = time.monotonic()
            for watch in watches:
                if not watch.lost and now - watch.confirmed > self.fence_after:
                    watch.lost = f"its locks not confirmed for {now - watch.confirmed:.0f} s (database unreachable)"
                if watch.lost:
                    self._fence(watch)

    def _check(self, watches: list[_Watch]) -> None:
        try:
            with connect(self.dsn, application="difang-fence") as conn:
                rows = conn.execute("SELECT pid, count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                    " AND pid = ANY(%s) GROUP BY pid", ([w.pid for w in watches],)).fetchall()
            held = {int(pid): int(n) for pid, n in rows}
            now = time.monotonic()
            for watch in watches:
                if held.get(watch.pid, 0) >= watch.keys:
                    watch.confirmed = now
                elif not watch.lost:
                    watch.lost = "the database ended the session holding its locks"
        except (psycopg.Error, DatabaseUnavailable):
            pass  # not confirmed: the crawl is stopped once that has lasted fence_after
        finally:
            with self._lock:
                self._checking = False

    def _fence(self, watch: _Watch) -> None:
        """Stop the crawl (again each second until its process is found: it may not have started)."""
        if self.runner.stop(watch.site, FENCE_GRACE) and not watch.stopped:
            watch.stopped = True
            log.error("crawl of %s: stopping it, %s: another node may take the site", watch.site, watch.lost)


def fence_wait(conn: psycopg.Connection[Any], site: str, now: float | None = None) -> float:
    """Seconds to wait, holding the site's lock, before crawling it (see module docstring)."""
    now = time.time() if now is None else now
    rows = conn.execute("SELECT outcome, ended_at FROM difang_runs WHERE site = %s AND"
                        " (outcome = 'running' OR (outcome = 'lost' AND ended_at > %s))",
                        (site, now - HOLDOVER)).fetchall()
    until = max((now if outcome == "running" or ended is None else float(ended)) + HOLDOVER
                for outcome, ended in rows) if rows else now
    return max(0.0, until - now)


__all__ = ["FENCE_AFTER", "HOLDOVER", "LockFence", "fence_wait"]
