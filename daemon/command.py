"""The command line and environment of one crawl subprocess (``scrapy crawl portal -a site=NAME``)."""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from core.config import Config

ROOT = Path(__file__).resolve().parents[1]  # the repository: scrapy.cfg, crawler/, pipelines/
LOG_TAIL = 64 * 1024  # where a crawl's last words are


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
