"""Helpers for the cluster tests: nodes as real processes, and what the database says happened."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.daemon.kit import FAST, Workspace

ROOT = Path(__file__).resolve().parents[2]
# every test here needs cluster mode's extra; without it they are skipped, saying why
needs_cluster_extra = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("psycopg", "procrastinate")),
    reason="cluster mode's extra is not installed (pip install 'difang[cluster]')")
FAKE_CRAWL = f"{sys.executable} {ROOT / 'tests' / 'daemon' / 'fake_crawl.py'} {{site}}"


class ClusterNode:
    """``python scheduler.py --cluster`` with its own DIFANG_HOME; shared sites, archive and database."""

    def __init__(self, ws: Workspace, name: str, dsn: str, **extra: str) -> None:
        self.ws = ws
        self.name = name
        self.home = ws.tmp / "nodes" / name
        self.log_path = ws.tmp / f"node-{name}-{time.monotonic_ns()}.log"
        env = ws.env(DIFANG_HOME=str(self.home), DIFANG_DATABASE=dsn, DIFANG_NODE=name, **extra)
        args = [x for s in FAST for x in ("--set", s)]
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "scheduler.py", "--cluster", *args], cwd=ROOT,
                                         env=env, stdout=out, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """kill -9: the node and, through the kernel's parent-death signal, its crawls."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"node {self.name} did not stop in {timeout:.0f} s:\n{self.log()[-3000:]}") from None


@dataclass(frozen=True)
class Run:
    id: int
    site: str
    scheduled_at: float | None
    started_at: float
    ended_at: float | None
    outcome: str
    node: str


def runs(dsn: str) -> list[Run]:
    import psycopg

    with psycopg.connect(dsn) as conn:
        table = conn.execute("SELECT to_regclass('difang_runs') IS NOT NULL").fetchone()
        if not table or not table[0]:
            return []
        rows = conn.execute("SELECT id, site, scheduled_at, started_at, ended_at, outcome, node"
                            " FROM difang_runs ORDER BY id").fetchall()
    return [Run(*row) for row in rows]


def leader_of(dsn: str) -> str | None:
    """The node holding the leader lock, by its connection's application name."""
    import psycopg

    from cluster.db import LEADER, lock_key

    unsigned = lock_key(LEADER, "scheduler") & 0xFFFFFFFFFFFFFFFF
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::oid AND l.objid = %s::oid"
            " AND l.objsubid = 1", (unsigned >> 32, unsigned & 0xFFFFFFFF)).fetchone()
    return str(row[0]).removeprefix("difang-leader ") if row else None


def queued(dsn: str) -> list[tuple[str, float]]:
    """(site, due) of every job the queue holds (finished ones are kept)."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT args->>'site', (args->>'due')::float FROM procrastinate_jobs").fetchall()
    return [(str(site), float(due)) for site, due in rows]


def overlaps(found: list[Run]) -> list[tuple[Run, Run]]:
    """Pairs of runs of one site whose [start, end] intervals intersect (a running one: to now; a
    lost one: to when it was found lost, after its crawl process exited)."""
    pairs = []
    by_site: dict[str, list[Run]] = {}
    for run in found:
        by_site.setdefault(run.site, []).append(run)
    for site_runs in by_site.values():
        ordered = sorted(site_runs, key=lambda r: r.started_at)
        for before, after in zip(ordered, ordered[1:], strict=False):
            end = before.ended_at if before.ended_at is not None else time.time()
            if after.started_at < end:
                pairs.append((before, after))
    return pairs


def scheduled_twice(found: list[Run]) -> dict[tuple[str, float], int]:
    counts: dict[tuple[str, float], int] = {}
    for run in found:
        if run.scheduled_at is not None:
            key = (run.site, run.scheduled_at)
            counts[key] = counts.get(key, 0) + 1
    return {k: n for k, n in counts.items() if n > 1}


def env_without(env: Mapping[str, str], *names: str) -> dict[str, Any]:
    return {k: v for k, v in env.items() if k not in names}
