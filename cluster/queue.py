"""The crawl queue as the rest of cluster mode sees it: enqueue ``crawl(site, due)``, take jobs.

A thin interface of our own, so the queue library (Procrastinate today,
cluster/procrastinate_queue.py) can be swapped without touching the leader or the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CrawlJob:
    site: str
    due: float  # the scheduled time, a Unix timestamp: with the site, what must run at most once
    defs_version: str  # the site definitions the leader scheduled from
    lock: str  # the queue runs one job per lock at a time: the site, or its host_group

    @property
    def queueing_lock(self) -> str:
        """At most one waiting job per site."""
        return f"site:{self.site}"


Handler = Callable[[CrawlJob], None]


class CrawlQueue(Protocol):
    def enqueue(self, job: CrawlJob) -> bool:
        """Queue a crawl; False when the site already has one waiting (nothing is queued then)."""

    def enqueue_many(self, jobs: Sequence[CrawlJob]) -> int:
        """Queue many crawls in one round trip (sites that have one waiting are an error here)."""

    def work(self, handler: Handler, *, concurrency: int, stop: threading.Event, name: str) -> None:
        """Take jobs and run ``handler`` on each, at most ``concurrency`` at once, until ``stop``
        is set and the jobs in hand are done. Raises when the database is lost; the caller
        reconnects by calling again."""

    def sweep_stalled(self, after: float = 10.0) -> int:
        """Jobs still marked running by a worker whose heartbeat is older than ``after`` seconds
        (killed, or cut off): marked failed, so that their site's lock in the queue is free."""

    def prune(self, hours: float = 72) -> int:
        """Forget jobs finished more than ``hours`` ago."""

    def waiting(self) -> int:
        """Jobs waiting to start."""
