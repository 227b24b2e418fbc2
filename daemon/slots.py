"""Who may crawl now: a global limit on crawls at once, and one crawl per site across processes.

APScheduler's ``max_instances=1`` only covers the daemon's own job; the per-site file lock also
keeps ``scheduler.py run SITE`` from crawling a site the daemon is crawling at that moment.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path


class CrawlSlots:
    """At most ``limit`` crawls at once; waiting stops when the daemon is shutting down."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._free = threading.Semaphore(limit)
        self._closed = threading.Event()

    def close(self) -> None:
        self._closed.set()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Yields True with a slot held, or False if the daemon began shutting down meanwhile."""
        while not self._free.acquire(timeout=0.2):
            if self._closed.is_set():
                yield False
                return
        try:
            yield not self._closed.is_set()
        finally:
            self._free.release()


class SiteLock:
    """An exclusive lock file per site under DIFANG_HOME/daemon/locks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def hold(self, site: str) -> AbstractContextManager[bool]:
        """Yields True if this process now crawls the site, False if another one does."""
        return lock_file(self.folder / f"{site}.lock")


@contextmanager
def lock_file(path: Path) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path`` if no other process holds it: yields whether this
    one got it (then held for the block)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
