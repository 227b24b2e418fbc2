"""An archived page's terminal escape sequences never reach the researcher's terminal: `difang raw
--text` shows them as text on a terminal (and keeps them in a pipe or file); raw bytes are not
written to a terminal at all."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.server import article, hostile_server
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m"


def on_terminal(command: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run with stdout on a pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, env=env, stdout=follower, stderr=follower, cwd=Path(__file__).parents[2])
    os.close(follower)
    received = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    return proc.wait(timeout=60), received


def test_escape_sequences_are_shown_not_sent(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        page = article(1).replace("<p>第1篇稿件的第0段。", f"<p>第1篇稿件的第0段。{ESCAPES}")
        server.html("/a/1.html", page)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        done = scrapy_crawl("hostile", env)
        assert done.returncode == 0, done.stderr[-2000:]
    records = [json.loads(p.read_text()) for p in (tmp_path / "archive" / "clean").rglob("*.json")]
    [record] = [r for r in records if r["url"].endswith("/a/1.html")]
    difang = [sys.executable, "-m", "archive.cli.main", "raw", record["id"]]

    status, shown = on_terminal([*difang, "--text"], env)
    assert status == 0, shown[-500:]
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"\\x1b]0;owned\\x07" in shown and "第1篇稿件".encode() in shown

    piped = subprocess.run([*difang, "--text"], env=env, capture_output=True, timeout=60)
    assert piped.returncode == 0 and ESCAPES.encode() in piped.stdout  # a pipe gets the page as it was

    status, shown = on_terminal(difang, env)
    assert status == 1 and b"not writing raw bytes to a terminal" in shown and b"\x1b" not in shown
