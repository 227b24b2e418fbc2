"""A disk that fills up during a crawl (ENOSPC): the crawl stops, exits non-zero with one line
naming the spool and the reason, ``scheduler.py --once`` reports the failure, and the run history
records it "failed" with that line.

The small disk is a 512 KiB tmpfs mounted in a private user and mount namespace (``unshare
--user --map-root-user --mount``: no privilege needed where user namespaces are allowed, and
nothing visible outside the one command). The site's spool and the archive (a folder: uploads
are hard links, so nothing is freed) are on it; DIFANG_HOME, with the run history and the logs,
is not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.history import RunHistory
from tests.hostile.server import hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env

pytestmark = pytest.mark.integration
DISK = "512k"
ARTICLES = 300  # a few MB of WARC and clean records: far more than the disk holds


def private_tmpfs_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /tmp"], capture_output=True)
    return probe.returncode == 0


def on_small_disk(disk: Path, command: list[str]) -> list[str]:
    """``command`` run with a fresh DISK-sized tmpfs on ``disk``, seen by it alone."""
    script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && mkdir "$2/spool" && shift 2 && exec "$@"'
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", DISK, str(disk),
            *command]


def scheduler(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    disk = tmp / "disk"
    disk.mkdir(exist_ok=True)
    home = tmp / "home"
    (home / "spool").mkdir(parents=True, exist_ok=True)
    if not (home / "spool" / "hostile").is_symlink():
        (home / "spool" / "hostile").symlink_to(disk / "spool")
    env = crawl_env(tmp, tmp / "sites", str(disk / "archive"))
    settings = [x for i in range(1, len(FAST), 2) for x in ("--set", FAST[i])]
    command = [sys.executable, "scheduler.py", *settings, "--set", "SPOOL_CLOSE_TIMEOUT=5", *args]
    return subprocess.run(on_small_disk(disk, command), cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def small_disk() -> None:
    if not private_tmpfs_available():
        pytest.skip("no private tmpfs here (unshare --user --mount not allowed)")


def one_failure_line(text: str) -> str:
    lines = [line for line in text.splitlines() if "crawl of hostile failed: " in line]
    assert len(lines) == 1, text[-4000:]
    return lines[0]


def test_disk_full_fails_the_crawl_with_one_line(tmp_path: Path, small_disk: None) -> None:
    with hostile_server(articles=ARTICLES) as server:
        server.site_file(tmp_path / "sites")
        once = scheduler(tmp_path, "--once")
        run = scheduler(tmp_path, "run", "hostile")
        fetched = sum(1 for path in server.asked if path.startswith("/a/"))

    assert once.returncode == 1, once.stderr[-4000:]
    line = one_failure_line(once.stderr)
    assert f"spool {tmp_path / 'home' / 'spool' / 'hostile'} is not writable (ENOSPC" in line
    assert "1 of 1 crawls failed: hostile" in once.stderr
    assert "Traceback" not in once.stderr  # articles in flight are dropped in a line each, at INFO

    assert run.returncode == 1, run.stdout + run.stderr[-4000:]
    assert 0 < fetched < 2 * ARTICLES  # both crawls stopped early, when the disk was full
    row = RunHistory(tmp_path / "home" / "daemon" / "runs.sqlite").recent("hostile", 1)[0]
    assert row.outcome == "failed" and row.exit_status == 1
    assert "is not writable (ENOSPC" in row.failure
    assert row.alerts and row.alerts[0].startswith("failed: the last crawl failed: spool ")
    one_failure_line(Path(row.log_path).read_text(encoding="utf-8"))
