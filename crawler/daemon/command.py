"""The command line and environment of one crawl subprocess (``scrapy crawl portal -a site=NAME``)."""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.config import Config

ROOT = Path(__file__).resolve().parents[2]  # the repository: scrapy.cfg, crawler/, pipelines/
LOG_TAIL = 64 * 1024  # where a crawl's last words are
PARENT_ENV = "DIFANG_PARENT_PID"  # set by the daemon's runner: the crawl stops when that process is gone


def failure_line(site: str, reason: str) -> str:
    """The one line a failing crawl ends with (crawler/commands/crawl.py); the daemon reads it back."""
    return f"crawl of {site} failed: {reason}"


def failure_in_log(log_path: Path, site: str, returncode: int) -> str:
    """Why a crawl failed: its last ``failure_line`` in its log, else what its exit status says."""
    pattern = re.compile(rf"crawl of {re.escape(site)} failed: (.+)$")
    try:
        with open(log_path, "rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - LOG_TAIL))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        tail = ""
    found = [m.group(1).strip() for line in tail.splitlines() if (m := pattern.search(line))]
    if found:
        return found[-1]
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def stop_with_parent() -> None:
    """In a crawl started by the daemon or ``--once``: have the kernel send this process SIGTERM
    when the process that started it dies (Linux ``PR_SET_PDEATHSIG``), so that a scheduler killed
    with SIGKILL leaves no orphan crawl behind. Scrapy's SIGTERM handler then closes the crawl
    cleanly (its JOBDIR is saved and resumed by the next run)."""
    parent = os.environ.get(PARENT_ENV, "")
    if not parent.isdigit() or not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) != 0:
        return
    if os.getppid() != int(parent):  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def crawl_command(site: str, extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}", *extra]


def crawl_env(config: Config) -> dict[str, str]:
    """The environment with absolute DIFANG_* paths: the crawl runs with the repository as cwd."""
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    env["DIFANG_SITES"] = str(Path(config.sites).absolute())
    env["DIFANG_HOME"] = str(Path(config.home).absolute())
    archive = config.archive
    if "://" not in archive:
        archive = str(Path(archive).absolute())
    env["DIFANG_ARCHIVE"] = archive
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env
