"""The fence: a crawl whose cluster-wide lock may be gone is stopped, and the next holder of the
lock waits until that crawl must have stopped.

A node killed outright keeps no crawl alive past its locks (cluster/worker.py: the crawl holds
the lock's socket). A node cut off from the database is another matter: its crawls go on while
the server, its keepalives failing, ends the session and frees the site's lock, and another
node may take the site. So on every node a :class:`LockFence` checks, every second on a
connection of its own, that the sessions holding its crawls' locks still hold them:

- held: the crawl goes on;
- the database answers but the session is gone (the server restarted, or ended it): the fence
  takes the locks again on a connection of its own, and the crawl goes on; if another node has
  taken one of them meanwhile, the crawl is stopped;
- no answer for ``fence_after`` seconds (``DIFANG_FENCE_AFTER``, default 60; the same on every
  node): the crawl is stopped. A database away for less than that costs no crawl in hand.

Stopped means SIGTERM, then SIGKILL after ``FENCE_GRACE`` seconds (what the crawl archived is in
its durable spool; the rest is fetched again by the next crawl).

The other half is :func:`fence_wait`: a worker that takes a site's lock while the site's last run
is unfinished (``running``) or was found ``lost`` moments ago cannot tell a dead node from a
cut-off one, so it waits :func:`holdover` seconds — longer than a cut-off node takes to stop that
crawl — from the later of now and when the run was found lost, before it starts its own.
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

from cluster.db import CONNECT_TIMEOUT, DatabaseUnavailable, connect

log = logging.getLogger("difang.cluster")
CHECK_EVERY = 1.0  # seconds between checks of the locks
FENCE_AFTER = 60.0  # default seconds without a confirmation before a crawl is stopped
FENCE_GRACE = 5.0  # seconds a fenced crawl gets to close after SIGTERM


def holdover(fence_after: float) -> float:
    """How long after its lock was lost a crawl has stopped at the latest: the window, a check
    in flight (its connect may take the connect timeout), the grace and a margin for clocks."""
    return fence_after + CHECK_EVERY + CONNECT_TIMEOUT + FENCE_GRACE + 2.0


class Stopper(Protocol):
    def stop(self, site: str, grace: float | None = None) -> bool: ...


@dataclass
class _Watch:
    site: str
    keys: list[int]  # the advisory locks the crawl holds
    pid: int  # the backend of the session holding them
    confirmed: float = field(default_factory=time.monotonic)
    lost: str = ""  # why the crawl is being stopped ("" while it is not)
    stopped: bool = False
    retaken: psycopg.Connection[Any] | None = None  # the fence's own session, once it took the locks again
    done: bool = False  # the crawl has ended: a check still in flight must not take its locks


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
    def watch(self, site: str, conn: psycopg.Connection[Any], keys: list[int]) -> Iterator[None]:
        """Fence the crawl of ``site`` run in this block, whose ``keys`` locks ``conn`` holds."""
        watch = _Watch(site, keys, conn.info.backend_pid)
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
                watch.done = True
                retaken, watch.retaken = watch.retaken, None
            if retaken is not None:
                _close(retaken)

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
                    watch.lost = f"its lock not confirmed for {now - watch.confirmed:.0f} s (database unreachable)"
                if watch.lost:
                    self._fence(watch)

    def _check(self, watches: list[_Watch]) -> None:
        try:
            with connect(self.dsn, application="difang-fence") as conn:
                rows = conn.execute("SELECT pid, count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                    " AND pid = ANY(%s) GROUP BY pid", ([w.pid for w in watches],)).fetchall()
            held = {int(pid): int(n) for pid, n in rows}
            for watch in watches:
                if held.get(watch.pid, 0) >= len(watch.keys):
                    watch.confirmed = time.monotonic()
                elif not watch.lost:
                    self._retake(watch)
        except (psycopg.Error, DatabaseUnavailable):
            pass  # not confirmed: the crawl is stopped once that has lasted fence_after
        finally:
            with self._lock:
                self._checking = False

    def _retake(self, watch: _Watch) -> None:
        """The session holding the crawl's locks is gone: take them again, or stop the crawl."""
        conn = connect(self.dsn, application=f"difang-fence {watch.site}")
        try:
            taken = [conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone() for key in watch.keys]
        except psycopg.Error:
            _close(conn)
            raise
        if not all(row and row[0] for row in taken):
            _close(conn)  # with it, the locks it did take
            watch.lost = "its lock session ended and another node has taken the site"
            return
        with self._lock:
            if watch.done:  # the crawl ended meanwhile: nothing to hold the locks for
                old: psycopg.Connection[Any] | None = conn
            else:
                old, watch.retaken = watch.retaken, conn
                watch.pid, watch.confirmed = conn.info.backend_pid, time.monotonic()
        if old is not None:
            _close(old)
        if old is not conn:
            log.warning("crawl of %s: the database ended the session holding its lock: taken again", watch.site)

    def _fence(self, watch: _Watch) -> None:
        """Stop the crawl (again each second until its process is found: it may not have started)."""
        if self.runner.stop(watch.site, FENCE_GRACE) and not watch.stopped:
            watch.stopped = True
            log.error("crawl of %s: stopping it, %s", watch.site, watch.lost)


def _close(conn: psycopg.Connection[Any]) -> None:
    try:
        conn.close()
    except psycopg.Error:
        pass


def fence_wait(conn: psycopg.Connection[Any], site: str, fence_after: float = FENCE_AFTER,
               now: float | None = None) -> float:
    """Seconds to wait, holding the site's lock, before crawling it (see module docstring)."""
    now = time.time() if now is None else now
    hold = holdover(fence_after)
    rows = conn.execute("SELECT outcome, ended_at FROM difang_runs WHERE site = %s AND"
                        " (outcome = 'running' OR (outcome = 'lost' AND ended_at > %s))",
                        (site, now - hold)).fetchall()
    until = max((now if outcome == "running" or ended is None else float(ended)) + hold
                for outcome, ended in rows) if rows else now
    return max(0.0, until - now)


__all__ = ["FENCE_AFTER", "LockFence", "fence_wait", "holdover"]
