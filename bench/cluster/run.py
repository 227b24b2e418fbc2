"""Cluster mode's speed: crawl throughput with 1, 2 and 3 worker nodes, and the queue's rates.

    python -m bench.cluster.run [--sites 300] [--jobs 10000] [--out bench/cluster/results.json]

Starts its own PostgreSQL (tests/pgserver.py) and the demo portal on loopback.

1. Throughput: N nodes (``scheduler.py --cluster``, DIFANG_MAX_CRAWLS each) are started, then
   one crawl of each of ``--sites`` sites is queued at once; the figure is the wall time from the
   enqueue to the last run recorded in difang_runs. The crawl is bench/cluster/polite_crawl.py (a
   few pages with a politeness delay between them): politeness-bound as real portals are, at
   almost no CPU, so that the two shared cores of the bench machine measure the coordination
   (queue, locks, run history), not Scrapy's start-up.
2. Queue: ``--jobs`` crawl jobs enqueued in one batch and one by one (enqueue rate), then taken
   and finished by one worker with a handler that does nothing (dispatch rate).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

from cluster.db import ensure_schema
from cluster.procrastinate_queue import ProcrastinateQueue
from cluster.queue import CrawlJob
from cluster.sites import defs_version
from demo.server import DemoPortal, site_yaml
from tests.pgserver import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
YEARLY = "0 0 1 1 *"  # the nodes' own leader schedules nothing during the bench


def _sites(folder: Path, portal: DemoPortal, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    base = dict(portal.site_definitions()["demo-utf8"])
    names = []
    for i in range(count):
        name = f"s{i:04d}"
        (folder / f"{name}.yaml").write_text(site_yaml({**base, "name": name, "schedule": YEARLY}), encoding="utf-8")
        names.append(name)
    return names


def _ended(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM difang_runs WHERE outcome <> 'running'").fetchone()
    return int(row[0]) if row else 0


def throughput(server: PostgresServer, portal: DemoPortal, tmp: Path, sites: int, nodes: int,
               per_node: int, pages: int, delay: float) -> dict[str, float]:
    dsn = server.create_database(f"bench_{nodes}")
    ensure_schema(dsn)
    folder = tmp / f"sites-{nodes}"
    names = _sites(folder, portal, sites)
    url = portal.site_definitions()["demo-utf8"]["start_urls"][0]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update({"DIFANG_SITES": str(folder), "DIFANG_ARCHIVE": str(tmp / "archive"), "DIFANG_DATABASE": dsn,
                "DIFANG_MAX_CRAWLS": str(per_node), "DIFANG_RELOAD_INTERVAL": "0", "DIFANG_LATE_AFTER": "3600",
                "DIFANG_TEST_CRAWL_COMMAND": f"{sys.executable} {Path(__file__).with_name('polite_crawl.py')}"
                                             f" {{site}} {url} {pages} {delay}"})
    procs = []
    for n in range(nodes):
        log = open(tmp / f"node-{nodes}-{n}.log", "wb")  # noqa: SIM115 - for the process' life
        procs.append(subprocess.Popen([sys.executable, "scheduler.py", "--cluster"], cwd=ROOT,
                                      env={**env, "DIFANG_HOME": str(tmp / f"home-{nodes}-{n}"), "DIFANG_NODE": f"n{n}"},
                                      stdout=log, stderr=subprocess.STDOUT))
    for n in range(nodes):
        path = tmp / f"node-{nodes}-{n}.log"
        while b"running on" not in path.read_bytes():
            time.sleep(0.2)
    queue = ProcrastinateQueue(dsn)
    now = time.time()
    started = time.monotonic()
    version = defs_version(folder)
    queue.enqueue_many([CrawlJob(site=s, due=now, defs_version=version, lock=s) for s in names])
    while _ended(dsn) < sites:
        time.sleep(0.2)
    wall = time.monotonic() - started
    queue.close()
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(60)
    return {"nodes": nodes, "crawls_per_node": per_node, "sites": sites, "wall_s": round(wall, 2)}


def queue_rates(server: PostgresServer, jobs: int) -> dict[str, float]:
    dsn = server.create_database("bench_queue")
    ensure_schema(dsn)
    queue = ProcrastinateQueue(dsn)
    now = time.time()
    batch = [CrawlJob(site=f"b{i:05d}", due=now, defs_version="v", lock=f"b{i:05d}") for i in range(jobs)]
    t0 = time.perf_counter()
    queue.enqueue_many(batch)
    batch_s = time.perf_counter() - t0
    single = [CrawlJob(site=f"o{i:05d}", due=now, defs_version="v", lock=f"o{i:05d}") for i in range(jobs // 10)]
    t0 = time.perf_counter()
    for job in single:
        queue.enqueue(job)
    single_s = time.perf_counter() - t0
    total = jobs + len(single)
    done = 0
    lock = threading.Lock()
    stop = threading.Event()

    def handler(job: CrawlJob) -> None:
        nonlocal done
        with lock:
            done += 1
            if done >= total:
                stop.set()

    t0 = time.perf_counter()
    queue.work(handler, concurrency=8, stop=stop, name="bench")
    dispatch_s = time.perf_counter() - t0
    queue.close()
    return {"jobs": jobs, "enqueue_batch_per_s": round(jobs / batch_s), "enqueue_one_by_one_per_s":
            round(len(single) / single_s), "dispatched": done, "dispatch_per_s": round(done / dispatch_s)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--per-node", type=int, default=8, help="DIFANG_MAX_CRAWLS of each node")
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between a crawl's requests")
    parser.add_argument("--nodes", default="1,2,3")
    parser.add_argument("--skip-queue", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args()
    import tempfile

    results: dict[str, object] = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python "
                                  f"{platform.python_version()}", "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp, PostgresServer() as server, DemoPortal(port=0) as portal:
        if not args.skip_queue:
            results["queue"] = queue_rates(server, args.jobs)
            print(json.dumps(results["queue"]), flush=True)
        rows = []
        for n in (int(x) for x in args.nodes.split(",") if x.strip()):
            rows.append(throughput(server, portal, Path(tmp), args.sites, n, args.per_node, args.pages, args.delay))
            print(json.dumps(rows[-1]), flush=True)
        if rows:
            results["throughput"] = rows
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
