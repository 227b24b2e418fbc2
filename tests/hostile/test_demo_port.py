"""``make demo`` (``python -m demo.run``) when its port is taken: it serves the demo portal on a free
port with site files written for it and crawls as usual; with DIFANG_SITES set to other site
files it says so in one line and exits 2. Never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.portal import DEMO_PORT, SITE_ADDRESSES
from tests.integration.crawlkit import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def taken_port() -> Iterator[None]:
    """DEMO_PORT held on one of the demo addresses (or held by someone else already: taken either way)."""
    holder = socket.socket()
    try:
        holder.bind((SITE_ADDRESSES["demo-gbk"], DEMO_PORT))
        holder.listen()
    except OSError:
        pass
    try:
        yield
    finally:
        holder.close()


def demo(tmp: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update({"DIFANG_HOME": str(tmp / "home"), "DIFANG_ARCHIVE": str(tmp / "archive"),
                "DIFANG_DEMO_BENCH_ARTICLES": "3", **extra})
    return subprocess.run([sys.executable, "-m", "demo.run"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def test_demo_moves_to_a_free_port(tmp_path: Path, taken_port: None) -> None:
    done = demo(tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if f"port {DEMO_PORT} is taken" in line]
    assert len(lines) == 1 and "uses port" in lines[0], done.stdout
    port = int(lines[0].split("uses port ", 1)[1].split()[0])
    assert port != DEMO_PORT
    written = sorted(p.name for p in (tmp_path / "home" / "demo-sites").glob("*.yaml"))
    assert "demo-utf8.yaml" in written
    assert f":{port}/" in (tmp_path / "home" / "demo-sites" / "demo-utf8.yaml").read_text(encoding="utf-8")
    rows = [line.split() for line in done.stdout.splitlines() if line.startswith("demo-utf8 ")]
    assert rows and int(rows[0][2]) > 0, done.stdout  # articles archived from the moved portal


def test_demo_with_other_site_files_says_so(tmp_path: Path, taken_port: None) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    done = demo(tmp_path, DIFANG_SITES=str(sites))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"demo: port {DEMO_PORT} is taken"), done.stderr
    assert "unset DIFANG_SITES" in lines[0]
