"""A JOBDIR left by a crawl killed with SIGKILL (fingerprints written, request queue never saved)
must not make the next crawl finish at once with nothing crawled: it starts over, says so, and
archives what the killed crawl did not. A crawl stopped cleanly (SIGTERM) still resumes.

Scrapy writes fingerprints through an 8 KiB buffer: the list page links enough articles
(``MANY``) for the file to hold the start page's fingerprint when the crawl is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from daemon.history import RunHistory
from tests.hostile.server import Answer, HostileServer, article, hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env

pytestmark = pytest.mark.integration
ARTICLES = 30
MANY = 500
SLOW = ["-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


def slow_articles(server: HostileServer, count: int) -> dict[str, bool]:
    """Article pages that take a while while ``["slow"]`` is true."""
    pace = {"slow": True}

    def answer(n: int) -> Answer:
        if pace["slow"]:
            time.sleep(0.15)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article(n).encode("utf-8")

    for n in range(1, count + 1):
        server.routes[f"/a/{n}.html"] = lambda n=n: answer(n)
    return pace


def articles_asked(server: HostileServer) -> int:
    return sum(1 for path in server.asked if path.startswith("/a/"))


def stop_midway(env: dict[str, str], jobdir: Path, server: HostileServer, number: int, log: Path) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=hostile", *FAST, *SLOW,
               "-s", f"JOBDIR={jobdir}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + 120
    while articles_asked(server) < 8:
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)
    os.killpg(proc.pid, number)
    proc.wait(timeout=60)


def clean_records(tmp: Path) -> list[Path]:
    return list((tmp / "archive" / "clean" / "site=hostile").glob("*/*.json"))


def run_now(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    settings = [x for i in range(1, len(FAST), 2) for x in ("--set", FAST[i])]
    return subprocess.run([sys.executable, "scheduler.py", *settings, "run", "hostile"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_jobdir_left_by_sigkill_starts_over(tmp_path: Path) -> None:
    jobdir = tmp_path / "home" / "jobs" / "hostile"  # the daemon's JOBDIR of the site
    with hostile_server(articles=MANY) as server:
        pace = slow_articles(server, MANY)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        stop_midway(env, jobdir, server, signal.SIGKILL, tmp_path / "killed.log")
        assert (jobdir / "requests.seen").stat().st_size > 0
        assert not (jobdir / "requests.queue" / "active.json").exists()
        archived_before = len(clean_records(tmp_path))
        pace["slow"] = False
        done = run_now(env)

    assert done.returncode == 0, done.stderr[-3000:]
    row = RunHistory(tmp_path / "home" / "daemon" / "runs.sqlite").recent("hostile", 1)[0]
    assert row.outcome == "ok" and row.pages > 0 and row.articles == MANY - archived_before > 0, row
    assert len(clean_records(tmp_path)) == MANY
    log = Path(row.log_path).read_text(encoding="utf-8")
    assert "was left by a crawl that did not close (killed)" in log and "starts over" in log
    assert not jobdir.exists()  # finished: the daemon removed it


def test_a_jobdir_left_by_sigterm_resumes(tmp_path: Path) -> None:
    jobdir = tmp_path / "jobdir"
    with hostile_server(articles=ARTICLES) as server:
        slow_articles(server, ARTICLES)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        stop_midway(env, jobdir, server, signal.SIGTERM, tmp_path / "stopped.log")
        assert (jobdir / "requests.queue" / "active.json").exists() and not (jobdir / "difang-running").exists()
        lists_before = server.asked.count("/list.html")
        command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=hostile", *FAST,
                   "-s", f"JOBDIR={jobdir}"]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        lists_after = server.asked.count("/list.html")
        asked = {p for p in server.asked if p.startswith("/a/")}

    assert done.returncode == 0, done.stderr[-3000:]
    assert "starts over" not in done.stderr
    assert lists_after == lists_before  # resumed from its queue: the list page is not fetched again
    assert asked == {f"/a/{n}.html" for n in range(1, ARTICLES + 1)}
