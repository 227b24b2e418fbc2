"""The command line and environment of one crawl subprocess (``scrapy crawl portal -a site=NAME``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.config import Config

ROOT = Path(__file__).resolve().parents[2]  # the repository: scrapy.cfg, crawler/, pipelines/


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
