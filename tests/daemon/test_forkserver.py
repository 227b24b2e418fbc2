"""Crawls forked from the pre-imported fork server (``DIFANG_CRAWL_LAUNCHER=fork``) against
crawls in a fresh interpreter: the same archive, the same report of a crash or a kill, the same
descriptors held, and no crawl left behind when the server dies. Real crawls of the demo portal."""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from daemon.command import ROOT, crawl_command, crawl_env, failure_in_log
from daemon.runner import CrawlRunner, ProcessOutcome
from demo.server import DemoPortal
from storage.store import FileStore
from tests.daemon.kit import FAST, Daemon, Workspace, wait_for
from tests.integration.crawlkit import clean_records, runs

pytestmark = pytest.mark.integration
SETTINGS = [x for s in FAST for x in ("-s", s)]
VARYING = ("fetched_at", "raw")  # when it was fetched and where its WARC record landed


def settle(ws: Workspace) -> dict[str, str]:
    from core.config import Config

    ws.add_site("demo-gbk")
    ws.add_site("demo-utf8")
    return crawl_env(Config(sites=str(ws.sites), archive=str(ws.archive), home=str(ws.home)))


def crawl(runner: CrawlRunner, ws: Workspace, env: dict[str, str], site: str, *settings: str,
          time_limit: float = 300, pass_fds: tuple[int, ...] = ()) -> tuple[ProcessOutcome, Path]:
    log = ws.tmp / "logs" / f"{site}-{time.monotonic_ns()}.log"
    outcome = runner.run(site, crawl_command(site, [*SETTINGS, *settings]), env=env, cwd=ROOT, log_path=log,
                         time_limit=time_limit, pass_fds=pass_fds)
    return outcome, log


def stable(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: {k: v for k, v in r.items() if k not in VARYING} for r in records}


def running(pid: int) -> bool:
    """Whether a process still runs (an orphan that exited may wait as a zombie for its reaper)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def fork() -> Any:
    runner = CrawlRunner(5, fork=True)
    yield runner
    runner.close()


def test_a_forked_crawl_archives_what_a_fresh_interpreter_does(tmp_path: Path, portal: DemoPortal,
                                                               fork: CrawlRunner) -> None:
    fresh_ws, forked_ws, other_ws = (Workspace(tmp_path / n, portal) for n in ("fresh", "forked", "other"))
    fresh_env, forked_env, other_env = settle(fresh_ws), settle(forked_ws), settle(other_ws)
    fresh, _ = crawl(CrawlRunner(5), fresh_ws, fresh_env, "demo-gbk")
    forked, log = crawl(fork, forked_ws, forked_env, "demo-gbk")
    assert fork.forkserver is not None and fork.forkserver.pid is not None
    assert (fresh.returncode, forked.returncode) == (0, 0), log.read_text()[-3000:]
    assert "Spider closed (finished)" in log.read_text()  # the crawl's own log, in its log file
    fresh_records = clean_records(FileStore(fresh_ws.archive), "demo-gbk")
    assert len(fresh_records) == len(portal.article_urls("demo-gbk"))
    assert stable(clean_records(FileStore(forked_ws.archive), "demo-gbk")) == stable(fresh_records)

    # one server, another crawl's environment: its own archive and home (the settings are read afresh)
    other, _ = crawl(fork, other_ws, other_env, "demo-utf8")
    assert other.returncode == 0
    assert len(clean_records(FileStore(other_ws.archive), "demo-utf8")) == len(portal.article_urls("demo-utf8"))
    assert clean_records(FileStore(forked_ws.archive), "demo-utf8") == []

    # a crawl that finds nothing new, forked: no article, every one already seen
    again, log = crawl(fork, forked_ws, forked_env, "demo-gbk")
    assert again.returncode == 0, log.read_text()[-3000:]
    last = max(runs(FileStore(forked_ws.archive)), key=lambda r: r["started_at"])
    assert last["site"] == "demo-gbk" and last["articles"] == 0
    assert last["stats"]["difang/dedupe/url_seen"] == len(fresh_records)


@pytest.mark.parametrize("launcher", ["fresh", "forked"])
def test_failures_are_reported_alike(launcher: str, tmp_path: Path, portal: DemoPortal, fork: CrawlRunner) -> None:
    ws = Workspace(tmp_path, portal)
    env = settle(ws)
    runner = fork if launcher == "forked" else CrawlRunner(5)
    unknown, log = crawl(runner, ws, env, "no-such-site")
    assert unknown.returncode == 2
    assert "site definition error" in log.read_text()

    (ws.home / "seen.sqlite").parent.mkdir(parents=True, exist_ok=True)
    (ws.home / "seen.sqlite").write_bytes(b"not a database, " * 100)
    damaged, log = crawl(runner, ws, env, "demo-gbk")
    assert damaged.returncode == 1
    assert "seen.sqlite" in failure_in_log(log, "demo-gbk", damaged.returncode)
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("launcher", ["fresh", "forked"])
def test_a_killed_crawl_is_reported_alike_and_held_descriptors_live_with_it(
        launcher: str, tmp_path: Path, portal: DemoPortal, fork: CrawlRunner) -> None:
    ws = Workspace(tmp_path, portal)
    env = settle(ws)
    runner = fork if launcher == "forked" else CrawlRunner(5)
    held_r, held_w = os.pipe()  # stands for the cluster's lock connection
    result: list[tuple[ProcessOutcome, Path]] = []
    thread = threading.Thread(target=lambda: result.append(
        crawl(runner, ws, env, "demo-gbk", "-s", "DOWNLOAD_DELAY=2", pass_fds=(held_w,))))
    thread.start()
    try:
        pid = wait_for(lambda: runner.pid("demo-gbk"), 30, "the crawl's process")
        os.close(held_w)
        time.sleep(2)
        assert select.select([held_r], [], [], 0)[0] == [], "the crawl does not hold the descriptor"
        assert os.getpgid(pid) == pid  # its own process group, as the runner signals it
        os.kill(pid, signal.SIGKILL)
        thread.join(30)
    finally:
        runner.stop_all()
        thread.join(30)
    outcome, log = result[0]
    assert outcome.returncode == -signal.SIGKILL and not outcome.timed_out
    assert failure_in_log(log, "demo-gbk", outcome.returncode) == "killed by SIGKILL"
    assert os.read(held_r, 1) == b""  # closed with the crawl
    os.close(held_r)


@pytest.mark.parametrize("launcher", ["fresh", "forked"])
def test_a_stopped_crawl_closes_cleanly(launcher: str, tmp_path: Path, portal: DemoPortal) -> None:
    """Stopping (the daemon's shutdown; a time limit is the same SIGTERM to the process group)."""
    ws = Workspace(tmp_path, portal)
    env = settle(ws)
    runner = CrawlRunner(20, fork=launcher == "forked")
    result: list[tuple[ProcessOutcome, Path]] = []
    thread = threading.Thread(target=lambda: result.append(
        crawl(runner, ws, env, "demo-gbk", "-s", "DOWNLOAD_DELAY=2")))
    thread.start()
    try:
        wait_for(lambda: any("Spider opened" in p.read_text() for p in (ws.tmp / "logs").glob("*.log")), 60,
                 "the crawl under way")
        runner.stop_all()
        thread.join(60)
    finally:
        runner.stop_all()
        thread.join(30)
        runner.close()
    outcome, log = result[0]
    assert outcome.interrupted and not outcome.killed
    assert outcome.returncode == 0, log.read_text()[-2000:]
    assert "Spider closed (shutdown)" in log.read_text()  # Scrapy's own SIGTERM handling closed it


def test_a_crawl_stops_when_the_fork_server_dies(tmp_path: Path, portal: DemoPortal, fork: CrawlRunner) -> None:
    ws = Workspace(tmp_path, portal)
    env = settle(ws)
    result: list[tuple[ProcessOutcome, Path]] = []
    thread = threading.Thread(target=lambda: result.append(
        crawl(fork, ws, env, "demo-gbk", "-s", "DOWNLOAD_DELAY=2")))
    thread.start()
    try:
        pid = wait_for(lambda: fork.pid("demo-gbk"), 30, "the crawl's process")
        assert fork.forkserver is not None and fork.forkserver.pid is not None
        time.sleep(2)
        os.kill(fork.forkserver.pid, signal.SIGKILL)
        thread.join(60)
    finally:
        fork.stop_all()
        thread.join(30)
    outcome, log = result[0]
    assert not running(pid)
    assert outcome.returncode == -signal.SIGTERM
    assert "shutdown" in log.read_text()  # SIGTERM from the kernel: Scrapy closed the crawl
    again, log = crawl(fork, ws, env, "demo-utf8")  # a new server for the next crawl
    assert again.returncode == 0, log.read_text()[-2000:]


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_a_daemon_killed_takes_its_forked_crawls_down(ws: Workspace) -> None:
    """SIGKILL to the daemon: its end of the server's socket closes, the server exits, and the
    kernel sends the crawl SIGTERM (PDEATHSIG): Scrapy closes it, no orphan is left."""
    ws.add_site("demo-gbk")
    env = ws.env(DIFANG_TEST_SCHEDULE="*/2", DIFANG_CRAWL_LAUNCHER="fork")
    daemon = Daemon(ws, env, "DOWNLOAD_DELAY=2")
    logs = ws.home / "logs" / "demo-gbk"
    try:
        wait_for(lambda: any("Spider opened" in p.read_text() for p in logs.glob("*.log")), 60, "a crawl under way")
        [server] = children(daemon.proc.pid)
        [crawl_pid] = children(server)
        assert os.getpgid(crawl_pid) == crawl_pid
    finally:
        daemon.proc.kill()
        daemon.proc.wait()
    wait_for(lambda: not running(server) and not running(crawl_pid) or None, 30, "the server and its crawl gone")
    [log] = logs.glob("*.log")
    assert "Closing spider (shutdown)" in log.read_text()  # SIGTERM, as a crawl in a fresh interpreter gets
    assert "crawl fork server ready" in daemon.log()
