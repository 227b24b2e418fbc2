"""The daemon's health port taken by another process: the daemon stops at once with one line
naming the address and exit status 2, before anything is scheduled — no crawl started, no run
recorded, no job stored."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.server import hostile_server
from tests.integration.crawlkit import ROOT, crawl_env

pytestmark = pytest.mark.integration


def test_a_taken_health_port_stops_the_daemon_before_anything_runs(tmp_path: Path) -> None:
    with socket.socket() as taken, hostile_server(articles=3) as server:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server.site_file(tmp_path / "sites", schedule="'* * * * *'")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"),
                        {"DIFANG_HEALTH_PORT": str(port), "DIFANG_TEST_SCHEDULE": "*/1"})
        done = subprocess.run([sys.executable, "scheduler.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)
        asked = list(server.asked)

    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if f"127.0.0.1:{port}" in line]
    assert len(lines) == 1 and "cannot listen" in lines[0] and "DIFANG_HEALTH_PORT" in lines[0], done.stderr
    assert asked == []
    home = tmp_path / "home"
    assert not (home / "daemon" / "jobs.sqlite").exists() and not (home / "logs").exists()
    assert not (home / "daemon" / "daemon.json").exists()
