"""CrawlQueue on Procrastinate (a PostgreSQL-backed job queue).

- ``lock`` = the site, or its host_group: Procrastinate starts no job while another job with the
  same lock is running, and runs waiting ones in order.
- ``queueing_lock`` = the site: at most one waiting job per site; a second one is refused
  (AlreadyEnqueued), which is what the leader wants when a site's crawl outlasts its interval.
- A worker killed outright leaves its job ``doing``; its heartbeat stops, and the leader's
  ``sweep_stalled`` marks the job failed so that the site's lock is free again. The run itself is
  recorded as ``lost`` by the run history (cluster/history.py).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import procrastinate
import psycopg
from procrastinate import exceptions as pexc
from procrastinate import sql as psql
from procrastinate.schema import SchemaManager

from cluster.db import KEEPALIVE, SERVER_KEEPALIVE, connect
from cluster.queue import CrawlJob, Handler

log = logging.getLogger("difang.cluster")
QUEUE = "difang-crawl"
TASK = "difang.crawl"
HEARTBEAT = 2.0  # seconds between worker heartbeats
STALLED_AFTER = 10.0  # a worker silent this long is gone
KEEP_FINISHED_HOURS = 72  # finished jobs are kept this long (what ran, and when), then deleted


# Procrastinate's fetch skips a job whose lock has an earlier waiting or a running job: a NOT
# EXISTS over the other jobs with that lock, which its own indexes answer only by a scan of every
# waiting job. With 10,000 jobs waiting one fetch took over 14 s (bench/cluster/results.md); with
# this index it is an index lookup again.
LOCK_INDEX = ("CREATE INDEX IF NOT EXISTS difang_jobs_lock_waiting ON procrastinate_jobs"
              " (lock, status, priority, id) WHERE status IN ('todo', 'doing')")


def ensure_queue_schema(conn: psycopg.Connection[Any]) -> None:
    """Procrastinate's tables, functions and types, once, and our index (the caller holds the
    schema lock)."""
    row = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
    if not (row and row[0]):
        conn.execute(SchemaManager.get_schema())
    conn.execute(LOCK_INDEX)


def _pool_kwargs(dsn: str, size: int) -> dict[str, Any]:
    return {"conninfo": dsn, "min_size": 1, "max_size": size,
            "kwargs": {"options": SERVER_KEEPALIVE, "application_name": "difang-worker", **KEEPALIVE}}


class ProcrastinateQueue:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._handler: Handler | None = None
        self._sync_app: procrastinate.App | None = None

    # -- the leader's side: enqueue ------------------------------------------------------------
    def _deferrer(self) -> procrastinate.App:
        if self._sync_app is None:
            app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(**_pool_kwargs(self.dsn, 2)))
            app.open()
            self._sync_app = app
        return self._sync_app

    def _configure(self, app: procrastinate.App, job: CrawlJob) -> Any:
        return app.configure_task(TASK, queue=QUEUE, lock=job.lock, queueing_lock=job.queueing_lock)

    def enqueue(self, job: CrawlJob) -> bool:
        app = self._deferrer()
        try:
            self._configure(app, job).defer(site=job.site, due=job.due, defs_version=job.defs_version)
        except pexc.AlreadyEnqueued:
            return False
        return True

    def enqueue_many(self, jobs: Sequence[CrawlJob]) -> int:
        app = self._deferrer()
        deferrer = app.job_manager
        built = [self._configure(app, job).make_new_job(site=job.site, due=job.due, defs_version=job.defs_version)
                 for job in jobs]
        return len(deferrer.batch_defer_jobs(built))

    def close(self) -> None:
        if self._sync_app is not None:
            try:
                self._sync_app.close()
            except Exception:  # noqa: BLE001 - a pool on a lost database may fail to close
                pass
            self._sync_app = None

    # -- the worker's side ---------------------------------------------------------------------
    def work(self, handler: Handler, *, concurrency: int, stop: threading.Event, name: str) -> None:
        asyncio.run(self._work(handler, concurrency, stop, name))

    async def _work(self, handler: Handler, concurrency: int, stop: threading.Event, name: str) -> None:
        loop = asyncio.get_running_loop()
        # sync tasks run in the loop's default executor: one thread per crawl slot
        loop.set_default_executor(ThreadPoolExecutor(max_workers=concurrency + 1, thread_name_prefix="crawl"))
        app = procrastinate.App(connector=procrastinate.PsycopgConnector(**_pool_kwargs(self.dsn, concurrency + 3)))

        @app.task(name=TASK, queue=QUEUE)
        def crawl(site: str, due: float, defs_version: str) -> None:
            handler(CrawlJob(site=site, due=float(due), defs_version=defs_version, lock=""))

        async with app.open_async():
            runner = asyncio.create_task(app.run_worker_async(
                queues=[QUEUE], name=name, concurrency=concurrency, install_signal_handlers=False,
                update_heartbeat_interval=HEARTBEAT, stalled_worker_timeout=STALLED_AFTER,
                fetch_job_polling_interval=1.0, abort_job_polling_interval=5.0, delete_jobs="never"))
            while not runner.done() and not stop.is_set():
                await asyncio.sleep(0.2)
            if not runner.done():
                runner.cancel()  # the worker stops taking jobs and waits for the ones in hand
            try:
                await runner
            except asyncio.CancelledError:
                pass

    # -- housekeeping (the leader) -------------------------------------------------------------
    def sweep_stalled(self, after: float = STALLED_AFTER) -> int:
        with connect(self.dsn) as conn:
            rows = conn.execute(psql.queries["select_stalled_jobs_by_heartbeat"],
                                {"queue": QUEUE, "task_name": None, "seconds_since_heartbeat": after}).fetchall()
            for row in rows:
                job_id, site = row[0], (row[6] or {}).get("site", "?")
                log.warning("job %s (crawl of %s) belonged to a worker that is gone: marked failed", job_id, site)
                conn.execute(psql.queries["finish_job"],
                             {"job_id": job_id, "status": "failed", "delete_job": False})
            conn.execute(psql.queries["prune_stalled_workers"],
                         {"seconds_since_heartbeat": after})
            return len(rows)

    def prune(self, hours: float = KEEP_FINISHED_HOURS) -> int:
        """Delete jobs finished more than ``hours`` ago (the run history keeps what happened)."""
        with connect(self.dsn) as conn:
            return conn.execute(psql.queries["delete_old_jobs"],
                                {"statuses": ["succeeded", "failed", "cancelled", "aborted"], "queue": QUEUE,
                                 "nb_hours": hours}).rowcount

    def waiting(self) -> int:
        with connect(self.dsn) as conn:
            row = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = %s AND status = 'todo'",
                               (QUEUE,)).fetchone()
            return int(row[0]) if row else 0
