"""In cluster mode the operator's views read the cluster's PostgreSQL, not this node's files:
``scheduler.py runs|jobs|run``, ``difang stats`` (each site's last crawl) and the web UI's sites
board and alerts. Runs are recorded by the cluster's own run history (as a worker does); the
commands run as real processes, the web UI on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.cluster.kit import FAKE_CRAWL, ROOT, needs_cluster_extra
from tests.daemon.kit import Workspace

pytestmark = [needs_cluster_extra]


def _record(dsn: str) -> dict[str, int]:
    """Runs of two sites by two nodes, one alert, one due enqueued: what a cluster leaves behind."""
    from cluster.db import ensure_schema, session
    from cluster.history import PgRunHistory
    from daemon.history import ActiveAlert
    from daemon.report import CrawlReport

    ensure_schema(dsn)
    now = time.time()
    ids = {}
    for site, node, outcome, articles in (("alpha", "n1", "ok", 7), ("beta", "n2", "failed", 0)):
        history = PgRunHistory(dsn, node=node)
        run = history.start(site, "schedule", now - 60, now - 50, False, f"/nodes/{node}/{site}.log")
        report = CrawlReport(run_id=f"{site}-20260101000000-ab", articles=articles, pages=articles + 1)
        history.finish(run, ended_at=now - 40, outcome=outcome, exit_status=0 if outcome == "ok" else 1,
                       report=report, failure="" if outcome == "ok" else "exit status 1")
        ids[site] = run
    PgRunHistory(dsn, node="n2").raise_alert(ActiveAlert("beta", "failing", now - 30, "beta failed twice"))
    PgRunHistory(dsn, node="n3").start("alpha", "schedule", now, now, False, "")  # running on n3
    with session(dsn) as conn:
        conn.execute("INSERT INTO difang_schedule VALUES ('alpha', %s)", (now,))
    return ids


@pytest.fixture
def cluster_ws(tmp_path, portal, pg_database: str) -> Workspace:
    ws = Workspace(tmp_path, portal)
    for name in ("alpha", "beta"):
        ws.add_site("demo-utf8", name=name)
    return ws


def test_scheduler_runs_and_jobs_read_postgresql(cluster_ws: Workspace, pg_database: str) -> None:
    ws = cluster_ws
    ids = _record(pg_database)
    env = ws.env(DIFANG_DATABASE=pg_database)
    done = ws.cli("runs", "--json", env=env)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert {(r["site"], r["outcome"]) for r in shown["runs"]} == {("alpha", "ok"), ("beta", "failed"),
                                                                  ("alpha", "running")}
    assert [a["kind"] for a in shown["alerts"]] == ["failing"]
    table = ws.cli("runs", "--site", "beta", env=env).stdout
    assert "ALERT beta failing" in table and str(ids["beta"]) in table and "alpha" not in table
    # the same home without the database: the local (empty) history, not the cluster's
    assert ws.cli("runs", "--json").stdout.count('"site"') == 0

    jobs = ws.cli("jobs", env=env)
    assert jobs.returncode == 0, jobs.stderr
    lines = {line.split()[0]: line for line in jobs.stdout.splitlines()[1:]}
    assert set(lines) == {"alpha", "beta"}
    assert lines["alpha"].rstrip().endswith("n3") and lines["beta"].rstrip().endswith("-")


def test_scheduler_run_records_in_postgresql_under_the_site_lock(cluster_ws: Workspace, pg_database: str) -> None:
    import psycopg

    from cluster.db import SITE, ensure_schema, lock_key
    from cluster.reads import latest_runs

    ensure_schema(pg_database)
    env = cluster_ws.env(DIFANG_DATABASE=pg_database, DIFANG_TEST_CRAWL_COMMAND=FAKE_CRAWL, DIFANG_NODE="here")
    done = cluster_ws.cli("run", "alpha", env=env)
    assert done.returncode == 0, done.stderr
    run, node = latest_runs(pg_database)["alpha"]
    assert (run.outcome, run.trigger, node) == ("ok", "manual", "here")
    assert not (cluster_ws.home / "daemon" / "runs.sqlite").exists()

    with psycopg.connect(pg_database, autocommit=True) as other:  # another node crawls beta
        other.execute("SELECT pg_advisory_lock(%s)", (lock_key(SITE, "beta"),))
        busy = cluster_ws.cli("run", "beta", env=env)
    assert busy.returncode == 3, busy.stdout + busy.stderr
    assert "beta is being crawled by another node" in busy.stdout
    assert "beta" not in latest_runs(pg_database)


def test_unreachable_database_is_one_line(cluster_ws: Workspace) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = cluster_ws.env(DIFANG_DATABASE=f"postgresql://u:pw@127.0.0.1:{port}/x")
    done = cluster_ws.cli("runs", env=env)
    assert done.returncode == 2
    assert f"cluster database 127.0.0.1:{port}/x unreachable" in done.stderr
    assert "Traceback" not in done.stderr and "pw" not in done.stderr


def test_difang_stats_last_crawl_from_the_run_table(cluster_ws: Workspace, pg_database: str) -> None:
    _record(pg_database)
    env = cluster_ws.env(DIFANG_DATABASE=pg_database)
    difang = [sys.executable, "-m", "archive.cli.main"]
    reindex = subprocess.run([*difang, "reindex"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert reindex.returncode == 0, reindex.stderr
    done = subprocess.run([*difang, "stats", "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    last = {r["site"]: r for r in json.loads(done.stdout)["last_crawl"]}
    assert set(last) == {"alpha", "beta"}  # alpha's newest run still runs: its last ended one is shown
    assert (last["alpha"]["finish_reason"], last["alpha"]["node"], last["alpha"]["articles"]) == ("ok", "n1", 7)
    assert last["beta"]["finish_reason"] == "failed"
    assert last["alpha"]["run_id"] == "alpha-20260101000000-ab"
    text = subprocess.run([*difang, "stats"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "last crawl per site (difang_runs)" in text.stdout


@contextmanager
def _served(monkeypatch: pytest.MonkeyPatch, ws: Workspace, dsn: str) -> Iterator[str]:
    import uvicorn

    from archive.cli.commands.web import listen
    from archive.web.app import create_app
    from archive.web.state import WebState
    from core.config import Config

    monkeypatch.setenv("DIFANG_DATABASE", dsn)
    monkeypatch.setenv("DIFANG_HOME", str(ws.home))
    config = Config(sites=str(ws.sites), archive=str(ws.archive), home=str(ws.home))
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(WebState(config)), log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_web_ui_runs_and_alerts_from_postgresql(cluster_ws: Workspace, pg_database: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _record(pg_database)
    with _served(monkeypatch, cluster_ws, pg_database) as base:
        board = urllib.request.urlopen(f"{base}/sites", timeout=20).read().decode()
        page = urllib.request.urlopen(f"{base}/sites/beta", timeout=20).read().decode()
    assert "beta failed twice" in board and "beta failed twice" in page
    assert "No run history" not in board and "未找到守护进程的运行记录" not in board
    assert '<span class="outcome failed">failed</span>' in page
