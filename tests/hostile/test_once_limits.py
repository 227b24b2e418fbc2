"""``scheduler.py --once`` runs its crawls as the daemon does: a crawl over DIFANG_CRAWL_TIME_LIMIT
is stopped and counted as failed; SIGTERM to --once stops its crawls and exits 143; --once killed
outright (SIGKILL) takes its crawl with it. No crawl is left running as an orphan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.server import Answer, HostileServer, article, hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env

pytestmark = pytest.mark.integration
ARTICLES = 200


def slow_articles(server: HostileServer) -> None:
    def answer(n: int) -> Answer:
        time.sleep(0.5)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article(n).encode("utf-8")

    for n in range(1, ARTICLES + 1):
        server.routes[f"/a/{n}.html"] = lambda n=n: answer(n)


def start_once(tmp: Path, server: HostileServer, log: Path, **env_extra: str) -> subprocess.Popen[bytes]:
    slow_articles(server)
    server.site_file(tmp / "sites")
    env = crawl_env(tmp, tmp / "sites", str(tmp / "archive"), {"DIFANG_KILL_GRACE": "5", **env_extra})
    settings = [x for i in range(1, len(FAST), 2) for x in ("--set", FAST[i])]
    command = [sys.executable, "scheduler.py", "--once", *settings, "--set", "CONCURRENT_REQUESTS=1"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def crawl_pid(tmp: Path, server: HostileServer, once: subprocess.Popen[bytes], log: Path) -> int:
    """The running crawl's pid (its spool lock holds it), once it fetches articles."""
    lock = tmp / "home" / "spool" / "hostile" / ".lock"
    deadline = time.monotonic() + 120
    while not any(p.startswith("/a/") for p in server.asked) or not lock.exists():
        assert once.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)
    return int(lock.read_text().strip())


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state == "Z"  # exited, waiting to be reaped


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not gone(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)  # do not leave it behind either way
            return False
        time.sleep(0.1)
    return True


def test_once_stops_a_crawl_at_its_time_limit(tmp_path: Path) -> None:
    log = tmp_path / "once.log"
    with hostile_server(articles=ARTICLES) as server:
        once = start_once(tmp_path, server, log, DIFANG_CRAWL_TIME_LIMIT="25")
        pid = crawl_pid(tmp_path, server, once, log)
        status = once.wait(timeout=120)
        fetched = sum(1 for p in server.asked if p.startswith("/a/"))
    text = log.read_text()
    assert status == 1, text[-3000:]
    assert wait_gone(pid, 5)
    assert "hit its time limit of 25 s" in text and "1 of 1 crawls failed: hostile" in text
    assert fetched < ARTICLES


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGKILL])
def test_killing_once_leaves_no_crawl_behind(tmp_path: Path, number: int) -> None:
    log = tmp_path / "once.log"
    with hostile_server(articles=ARTICLES) as server:
        once = start_once(tmp_path, server, log)
        pid = crawl_pid(tmp_path, server, once, log)
        once.send_signal(number)
        status = once.wait(timeout=60)
        stopped = wait_gone(pid, 45)
    text = log.read_text()
    assert stopped, f"crawl {pid} still running after --once got {signal.Signals(number).name}"
    if number == signal.SIGTERM:
        assert status == 128 + signal.SIGTERM, text[-3000:]
        assert "SIGTERM: stopping every crawl" in text and "stopped by SIGTERM" in text
    else:
        assert status == -signal.SIGKILL
