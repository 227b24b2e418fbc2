"""One cluster node: leader candidate and worker, until SIGTERM or SIGINT.

    python scheduler.py --cluster        (or any scheduler.py start with DIFANG_DATABASE set)

The database unreachable at start is one line and exit status 2. Lost later: the leader stops
scheduling at once, the worker finishes the crawls in hand (their archive writes do not need the
database; their run records wait for it), and both reconnect. SIGTERM or SIGINT: no new crawls,
running ones get DIFANG_SHUTDOWN_GRACE seconds, then are stopped and resume on their next run.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Sequence
from types import FrameType

from cluster.db import DatabaseUnavailable, ensure_schema, where
from cluster.index_sync import NodeIndexSync
from cluster.leader import Elector
from cluster.procrastinate_queue import ProcrastinateQueue
from cluster.queue import CrawlJob
from cluster.worker import ClusterWorker
from core.config import Config
from daemon.options import DaemonSettings

log = logging.getLogger("difang.cluster")
NODE_ENV = "DIFANG_NODE"


def node_name() -> str:
    return os.environ.get(NODE_ENV, "").strip() or f"{socket.gethostname()}:{os.getpid()}"


class Node:
    def __init__(self, dsn: str, config: Config, settings: DaemonSettings, extra: Sequence[str] = ()) -> None:
        self.dsn = dsn
        self.config = config
        self.settings = settings
        self.name = node_name()
        self.queue = ProcrastinateQueue(dsn)
        self.elector = Elector(dsn, config, settings, self.queue, self.name)
        self.worker = ClusterWorker(dsn, config, settings, self.name, list(extra))
        self.index_sync = NodeIndexSync(dsn, settings.home, config.archive, settings.index_sync_interval)
        self.stop = threading.Event()
        self._stops = 0

    def _on_stop(self, number: int, frame: FrameType | None) -> None:
        self._stops += 1
        self.stop.set()
        if self._stops > 1:
            self.worker.service.runner.stop_all()

    def _handle(self, job: CrawlJob) -> None:
        try:
            self.worker.handle(job)
        finally:
            self.index_sync.poke()  # the crawl's records, and what other nodes crawled meanwhile

    def _work(self) -> None:
        delay = 1.0
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                self.queue.work(self._handle, concurrency=self.settings.max_crawls, stop=self.stop,
                                name=self.name)
            except Exception as exc:  # noqa: BLE001 - any loss of the database: reconnect
                text = str(exc).strip().splitlines()
                log.error("worker lost the queue (%s): reconnecting in %.0f s",
                          text[0] if text else type(exc).__name__, delay)
            if self.stop.is_set():
                break
            if time.monotonic() - started > 30:
                delay = 1.0
            self.stop.wait(delay)
            delay = min(delay * 2, 10.0)

    def run(self) -> int:
        for hook in self.settings.test_hooks:
            log.warning("test hook %s is set: not for production", hook)
        if not self.worker.book.sites:
            if self.worker.book.broken:  # files there, none of them usable: a mistake to show
                log.error("no usable site definitions in %s", self.config.sites)
                return 2
            log.warning("no site definitions in %s: node %s crawls the cluster's jobs (their definitions come"
                        " from the database) and stands for leader once it has site files", self.config.sites,
                        self.name)
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        elector = threading.Thread(target=self.elector.run, args=(self.stop,), name="elector", daemon=True)
        worker = threading.Thread(target=self._work, name="worker", daemon=True)
        syncer = threading.Thread(target=self.index_sync.run, args=(self.stop,), name="index-sync", daemon=True)
        elector.start()
        worker.start()
        syncer.start()
        log.info("cluster node %s running on %s: %d sites, at most %d crawls at once", self.name,
                 where(self.dsn), len(self.worker.book.sites), self.settings.max_crawls)
        while not self.stop.wait(0.25):
            pass
        log.info("node %s stopping: no new crawls", self.name)
        self.index_sync.poke()  # out of its wait, to see the stop
        elector.join(timeout=10)
        deadline = time.monotonic() + self.settings.shutdown_grace
        while self.worker.service.runner.running and time.monotonic() < deadline and self._stops < 2:
            time.sleep(0.25)
        self.worker.service.runner.stop_all()
        # the queue's worker records the jobs in hand; with none in hand (or no database to
        # record them in) there is nothing to wait for
        deadline = time.monotonic() + self.settings.kill_grace + 60
        idle_deadline = time.monotonic() + 5
        while worker.is_alive() and time.monotonic() < deadline:
            if not self.worker.service.active and time.monotonic() > idle_deadline:
                break
            worker.join(timeout=0.25)
        self.queue.close()
        self.worker.service.runner.close()
        log.info("node %s stopped", self.name)
        return 0


def run_node(dsn: str, config: Config, settings: DaemonSettings, extra: Sequence[str] = ()) -> int:
    try:
        ensure_schema(dsn)
    except DatabaseUnavailable as exc:
        log.error("%s", exc)
        return 2
    return Node(dsn, config, settings, extra).run()
